-- Every prediction the service makes, for analysis in SQL (the article's Part 2).
CREATE TABLE predictions (
    id              BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at      DATETIME(3)      NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    model_version   BIGINT UNSIGNED  NOT NULL,
    source          ENUM('upload', 'stored', 'batch') NOT NULL,
    img_use         TINYINT          NULL,
    img_idx         INT UNSIGNED     NULL,
    input_sha256    CHAR(64)         NOT NULL,
    predicted_label TINYINT          NOT NULL,
    confidence      DOUBLE           NOT NULL,
    probabilities   JSON             NOT NULL,
    actual_label    TINYINT          NULL,
    correct         BOOLEAN          NULL,
    latency_ms      DOUBLE           NOT NULL,
    -- Non-NULL only for batch rows: with model_version it makes batch scoring idempotent, while uploads and
    -- single stored-image predictions may repeat freely (NULLs never collide in a unique key).
    batch_image     INT UNSIGNED GENERATED ALWAYS AS (CASE WHEN source = 'batch' THEN img_use * 10000000 + img_idx END) STORED,
    CONSTRAINT uq_predictions_batch UNIQUE (model_version, batch_image),
    CONSTRAINT fk_predictions_model FOREIGN KEY (model_version) REFERENCES models (version),
    KEY ix_predictions_model_label (model_version, actual_label, predicted_label),
    KEY ix_predictions_image (img_use, img_idx, id),
    KEY ix_predictions_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
