-- One name per thing (issue 13): the terminal's paymentRequestId is payment_request_id in HQ too.
-- Renaming a partitioned table's column renames it in every partition; keys and indexes follow.
ALTER TABLE events RENAME COLUMN attempt_id TO payment_request_id;
ALTER TABLE attempts RENAME COLUMN attempt_id TO payment_request_id;
