-- Every page of GET /api/images says how many images match its filter. Counting 10,000-60,000 index entries per page
-- cost more than the page itself; these counts are kept by triggers, so every writer (the importer, feedback labels,
-- hand-written SQL) keeps them exact inside its own transaction. TRUNCATE fires no trigger: rebuild after one with
-- the INSERT ... SELECT below.
CREATE TABLE image_counts (
    img_use   TINYINT NOT NULL,
    img_label TINYINT NOT NULL,
    n         INT UNSIGNED NOT NULL,
    PRIMARY KEY (img_use, img_label)
) ENGINE=InnoDB;

INSERT INTO image_counts (img_use, img_label, n)
SELECT img_use, img_label, COUNT(*) FROM tf_images GROUP BY img_use, img_label;

CREATE TRIGGER tf_images_counted_insert AFTER INSERT ON tf_images FOR EACH ROW
    INSERT INTO image_counts (img_use, img_label, n) VALUES (NEW.img_use, NEW.img_label, 1)
    ON DUPLICATE KEY UPDATE n = n + 1;

CREATE TRIGGER tf_images_counted_delete AFTER DELETE ON tf_images FOR EACH ROW
    UPDATE image_counts SET n = n - 1 WHERE img_use = OLD.img_use AND img_label = OLD.img_label;

-- An update that moves a row to another use or label: one trigger takes it out of the old count, the next (FOLLOWS,
-- so the order is fixed) into the new one. Single-statement bodies keep the migration free of DELIMITER.
CREATE TRIGGER tf_images_counted_update_out AFTER UPDATE ON tf_images FOR EACH ROW
    UPDATE image_counts SET n = n - 1
    WHERE img_use = OLD.img_use AND img_label = OLD.img_label
      AND (OLD.img_use <> NEW.img_use OR OLD.img_label <> NEW.img_label);

CREATE TRIGGER tf_images_counted_update_in AFTER UPDATE ON tf_images FOR EACH ROW FOLLOWS tf_images_counted_update_out
    INSERT INTO image_counts (img_use, img_label, n)
    SELECT NEW.img_use, NEW.img_label, 1 FROM DUAL
    WHERE OLD.img_use <> NEW.img_use OR OLD.img_label <> NEW.img_label
    ON DUPLICATE KEY UPDATE n = n + 1;
