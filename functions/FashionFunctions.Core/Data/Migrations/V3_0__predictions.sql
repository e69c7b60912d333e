-- Every prediction the app makes, for analysis in SQL (the article's Part 2). No FK to models, so this migration
-- stands on its own; model_version holds models.version.
CREATE TABLE predictions (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at      DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    model_version   BIGINT UNSIGNED NOT NULL,
    source          ENUM('upload', 'stored', 'batch') NOT NULL,
    img_use         TINYINT         NULL,
    img_idx         INT UNSIGNED    NULL,
    input_sha256    BINARY(32)      NOT NULL,
    predicted_label TINYINT         NOT NULL,
    confidence      FLOAT           NOT NULL,
    probabilities   JSON            NOT NULL,
    actual_label    TINYINT         NULL,
    correct         BOOLEAN         NULL,
    latency_ms      FLOAT           NOT NULL,
    -- Non-NULL only for batch rows, so the unique key below makes batch scoring idempotent while uploads and
    -- repeated single predictions (NULL here) are never in conflict.
    batch_use       TINYINT AS (IF(source = 'batch', img_use, NULL)) PERSISTENT,
    CONSTRAINT uq_predictions_batch UNIQUE (model_version, batch_use, img_idx),
    KEY ix_predictions_model_predicted (model_version, predicted_label, id),
    KEY ix_predictions_model_actual (model_version, actual_label, correct, predicted_label),
    KEY ix_predictions_model_correct (model_version, correct, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
