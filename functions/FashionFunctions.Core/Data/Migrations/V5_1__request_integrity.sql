-- A retrain request's identity: the SHA-256 of its canonical JSON, so the same requestId with the same body replays the
-- first answer and with another body is refused, and a queue message whose body differs from its recorded request is
-- never run.
ALTER TABLE retrain_requests ADD COLUMN request_sha256 CHAR(64) NULL AFTER request;

-- A batch whose chunk messages could not all be queued says so, instead of waiting for chunks that will never come.
ALTER TABLE score_batches ADD COLUMN failure TEXT NULL;
