-- The learning loop: user corrections become images of a third use, classes fall into coarse groups, and the registry
-- says how many corrections a model learnt from.

INSERT INTO img_use (use_id, use_name, use_desc) VALUES (3, 'Feedback', 'Labelled by a user after a prediction');

-- Coarse to fine: a group per kind of garment, referenced from categories. The column is added after the article's
-- two, so the article's `SELECT * FROM categories` still starts with class_idx and class_name.
CREATE TABLE category_groups (
    group_id   TINYINT     NOT NULL PRIMARY KEY,
    group_name VARCHAR(20) NOT NULL,
    CONSTRAINT uq_category_groups_name UNIQUE (group_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO category_groups (group_id, group_name) VALUES
    (1, 'Tops'),
    (2, 'Bottoms'),
    (3, 'Footwear'),
    (4, 'Accessories');

ALTER TABLE categories ADD COLUMN group_id TINYINT NULL AFTER class_name;
UPDATE categories SET group_id = CASE
    WHEN class_idx IN (0, 2, 3, 4, 6) THEN 1
    WHEN class_idx = 1 THEN 2
    WHEN class_idx IN (5, 7, 9) THEN 3
    ELSE 4 END;
ALTER TABLE categories
    MODIFY COLUMN group_id TINYINT NOT NULL,
    ADD CONSTRAINT fk_categories_group FOREIGN KEY (group_id) REFERENCES category_groups (group_id);

-- An upload's 28x28 input as the model saw it (the PNG the answer already carries), so a later label can turn it into a
-- Feedback image. Labelling points img_use/img_idx at that image and records when it happened.
ALTER TABLE predictions
    ADD COLUMN input_png  BLOB        NULL AFTER input_sha256,
    ADD COLUMN labelled_at DATETIME(3) NULL AFTER correct,
    ADD KEY ix_predictions_labelled (labelled_at);

ALTER TABLE models ADD COLUMN feedback_rows INT NOT NULL DEFAULT 0 AFTER training_rows;

-- One row: when a retrain was last queued because corrections piled up. Instances claim the right to queue with a
-- conditional UPDATE on it, so two deciding at once queue one retrain.
CREATE TABLE feedback_retrains (
    id               TINYINT     NOT NULL PRIMARY KEY,
    last_queued_at   DATETIME(3) NULL,
    last_request_id  VARCHAR(64) NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO feedback_retrains (id) VALUES (1);

-- Shadow models: one trained candidate at a time scores live predictions beside the active model. Its rows are stored
-- with the live prediction they shadow, never returned; the unique key allows one shadow, as uq_models_one_active does.
ALTER TABLE models
    MODIFY COLUMN status ENUM('training', 'candidate', 'active', 'retired', 'failed', 'shadow') NOT NULL DEFAULT 'training',
    ADD COLUMN shadow_flag TINYINT GENERATED ALWAYS AS (CASE WHEN status = 'shadow' THEN 1 END) STORED,
    ADD CONSTRAINT uq_models_one_shadow UNIQUE (shadow_flag);

ALTER TABLE predictions
    ADD COLUMN shadow    BOOLEAN         NOT NULL DEFAULT FALSE AFTER source,
    ADD COLUMN shadow_of BIGINT UNSIGNED NULL AFTER shadow,
    ADD KEY ix_predictions_shadow_of (shadow_of);
