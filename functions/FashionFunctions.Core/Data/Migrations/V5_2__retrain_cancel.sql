-- A request still waiting in the queue can be cancelled; the queue consumer then leaves it alone.
ALTER TABLE retrain_requests
    MODIFY COLUMN status ENUM('queued', 'running', 'succeeded', 'failed', 'skipped', 'cancelled') NOT NULL DEFAULT 'queued';
