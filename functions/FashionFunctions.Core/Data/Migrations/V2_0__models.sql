-- The model registry: one row per training run, whatever its outcome.
CREATE TABLE models (
    version          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    created_at       DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    trainer          VARCHAR(40)     NOT NULL,
    hyperparameters  JSON            NOT NULL,
    training_rows    INT             NOT NULL DEFAULT 0,
    testing_rows     INT             NOT NULL DEFAULT 0,
    accuracy         DOUBLE          NULL,
    macro_accuracy   DOUBLE          NULL,
    macro_f1         DOUBLE          NULL,
    log_loss         DOUBLE          NULL,
    per_class        JSON            NULL,
    confusion_matrix JSON            NULL,
    training_seconds DOUBLE          NULL,
    blob_name        VARCHAR(200)    NULL,
    sha256           CHAR(64)        NULL,
    size_bytes       BIGINT          NULL,
    status           ENUM('training', 'candidate', 'active', 'retired', 'failed') NOT NULL DEFAULT 'training',
    error            TEXT            NULL,
    request_id       VARCHAR(64)     NULL,
    -- 1 for the active model, NULL for every other: the unique key allows exactly one active model.
    active_flag      TINYINT GENERATED ALWAYS AS (CASE WHEN status = 'active' THEN 1 END) STORED,
    CONSTRAINT uq_models_one_active UNIQUE (active_flag),
    KEY ix_models_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- What happened to each retrain request (HTTP, queue, timer or CLI), for polling and auditing.
CREATE TABLE retrain_requests (
    request_id    VARCHAR(64) NOT NULL PRIMARY KEY,
    requested_at  DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    source        VARCHAR(10) NOT NULL,
    request       TEXT        NOT NULL,
    status        ENUM('queued', 'running', 'succeeded', 'failed', 'skipped') NOT NULL DEFAULT 'queued',
    started_at    DATETIME(3) NULL,
    finished_at   DATETIME(3) NULL,
    model_version BIGINT UNSIGNED NULL,
    message       TEXT        NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
