-- Drift watch: per closed window (an hour or a day) of the active model's live predictions, the predicted-class mix,
-- mean confidence and out-of-distribution rate against the model's Testing figures, and whether an alert went out.

-- Mean top confidence on Testing, the drift baseline's third figure; recorded for models trained from now on (older
-- models keep NULL, and their windows compare class mix and out-of-distribution rate only).
ALTER TABLE models ADD COLUMN testing_mean_confidence DOUBLE NULL AFTER out_of_distribution;

-- One row per (window, length, model): recomputing a window replaces its figures and never adds a row. The alert
-- columns are claimed with a conditional UPDATE, so two instances computing the same window post one webhook.
CREATE TABLE drift_windows (
    window_start     DATETIME             NOT NULL,
    window_length    ENUM('hour', 'day')  NOT NULL,
    model_version    BIGINT UNSIGNED      NOT NULL,
    predictions      INT UNSIGNED         NOT NULL,
    class_counts     JSON                 NOT NULL,
    mean_confidence  DOUBLE               NULL,
    ood_rate         DOUBLE               NULL,
    psi              DOUBLE               NULL,
    judged           BOOLEAN              NOT NULL,
    crossed          BOOLEAN              NOT NULL,
    baseline         JSON                 NOT NULL,
    computed_at      DATETIME(3)          NOT NULL,
    alerted_at       DATETIME(3)          NULL,
    alert_delivered  BOOLEAN              NULL,
    PRIMARY KEY (window_length, model_version, window_start),
    CONSTRAINT fk_drift_windows_model FOREIGN KEY (model_version) REFERENCES models (version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
