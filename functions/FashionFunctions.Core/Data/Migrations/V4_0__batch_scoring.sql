-- Batch scoring split into chunks that any instance may score: one row per request, one row per chunk once scored.
-- A chunk's row and its prediction rows are written in one transaction, so a chunk scored again (a redelivered message,
-- a second instance) finds its row and adds nothing.
CREATE TABLE score_batches (
    batch_id      CHAR(32)        NOT NULL PRIMARY KEY,
    requested_at  DATETIME(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    img_use       TINYINT         NOT NULL,
    model_version BIGINT UNSIGNED NOT NULL,
    images        INT UNSIGNED    NOT NULL,
    chunk_size    INT UNSIGNED    NOT NULL,
    chunks        INT UNSIGNED    NOT NULL,
    CONSTRAINT fk_score_batches_use FOREIGN KEY (img_use) REFERENCES img_use (use_id),
    CONSTRAINT fk_score_batches_model FOREIGN KEY (model_version) REFERENCES models (version)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Chunk n covers img_idx from n * chunk_size up to (n + 1) * chunk_size of the batch's use.
CREATE TABLE score_batch_chunks (
    batch_id    CHAR(32)     NOT NULL,
    chunk       INT UNSIGNED NOT NULL,
    finished_at DATETIME(3)  NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    scored      INT UNSIGNED NOT NULL,
    inserted    INT UNSIGNED NOT NULL,
    correct     INT UNSIGNED NOT NULL,
    PRIMARY KEY (batch_id, chunk),
    CONSTRAINT fk_score_batch_chunks_batch FOREIGN KEY (batch_id) REFERENCES score_batches (batch_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
