-- The article's three tables, with the article's names and columns, plus keys it left out.
-- Works on MariaDB 10.11+ and MySQL 8.

CREATE TABLE img_use (
    use_id   TINYINT      NOT NULL PRIMARY KEY,
    use_name VARCHAR(10)  NOT NULL,
    use_desc VARCHAR(100) NOT NULL,
    CONSTRAINT uq_img_use_name UNIQUE (use_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- No unique index on class_name: it would cover `SELECT * FROM categories`, and the article's query would then list
-- the classes alphabetically instead of by index.
CREATE TABLE categories (
    class_idx  TINYINT     NOT NULL PRIMARY KEY,
    class_name VARCHAR(20) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- img_vector: 784 little-endian float32 values (pixel / 255, row-major), 3,136 bytes.
-- img_blob:   the image as an 8-bit grayscale 28x28 PNG.
CREATE TABLE tf_images (
    img_label  TINYINT      NOT NULL,
    img_vector BLOB         NOT NULL,
    img_idx    INT UNSIGNED NOT NULL,
    img_blob   BLOB         NOT NULL,
    img_use    TINYINT      NOT NULL,
    PRIMARY KEY (img_use, img_idx),
    KEY ix_tf_images_use_label (img_use, img_label),
    CONSTRAINT fk_tf_images_use FOREIGN KEY (img_use) REFERENCES img_use (use_id),
    CONSTRAINT fk_tf_images_label FOREIGN KEY (img_label) REFERENCES categories (class_idx)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO img_use (use_id, use_name, use_desc) VALUES
    (1, 'Training', 'The image is used for training the model'),
    (2, 'Testing', 'The image is used for testing the model');

INSERT INTO categories (class_idx, class_name) VALUES
    (0, 'T-shirt/top'),
    (1, 'Trouser'),
    (2, 'Pullover'),
    (3, 'Dress'),
    (4, 'Coat'),
    (5, 'Sandal'),
    (6, 'Shirt'),
    (7, 'Sneaker'),
    (8, 'Bag'),
    (9, 'Ankle boot');
