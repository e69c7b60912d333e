-- Honest model figures: validation (the fixed split of Training) chooses, Testing is scored once and reported with its
-- interval; what built the model (features, code, data, seed, threads) and how it is calibrated and guarded.
ALTER TABLE models
    ADD COLUMN seed                  INT          NULL AFTER hyperparameters,
    ADD COLUMN threads               INT          NULL AFTER seed,
    ADD COLUMN feature_contract      VARCHAR(64)  NULL AFTER threads,
    ADD COLUMN code_version          VARCHAR(200) NULL AFTER feature_contract,
    ADD COLUMN data_sha256           CHAR(64)     NULL AFTER code_version,
    ADD COLUMN validation_split      VARCHAR(100) NULL AFTER testing_rows,
    ADD COLUMN validation_rows       INT          NOT NULL DEFAULT 0 AFTER validation_split,
    ADD COLUMN validation_accuracy   DOUBLE       NULL AFTER validation_rows,
    -- One bit per validation row (in split order), set where the model was right: McNemar's test compares two of these.
    ADD COLUMN validation_correct    BLOB         NULL AFTER validation_accuracy,
    ADD COLUMN validation_log_loss   DOUBLE       NULL AFTER validation_correct,
    ADD COLUMN test_accuracy_low     DOUBLE       NULL AFTER accuracy,
    ADD COLUMN test_accuracy_high    DOUBLE       NULL AFTER test_accuracy_low,
    ADD COLUMN calibration           JSON         NULL AFTER confusion_matrix,
    ADD COLUMN out_of_distribution   JSON         NULL AFTER calibration,
    ADD COLUMN promotion             TEXT         NULL AFTER out_of_distribution;

-- Models from before this change were built with the first, unversioned feature code.
UPDATE models SET feature_contract = 'FashionFeatures.v1' WHERE feature_contract IS NULL;

-- Every prediction says whether the image looked like a garment at all, and the detector's score behind that.
ALTER TABLE predictions
    ADD COLUMN out_of_distribution   BOOLEAN      NULL AFTER confidence,
    ADD COLUMN ood_score             DOUBLE       NULL AFTER out_of_distribution;
