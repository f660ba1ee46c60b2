CREATE TABLE `metric_counters` (
	`org_id` text NOT NULL,
	`name` text NOT NULL,
	`labels` text DEFAULT '' NOT NULL,
	`value` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `name`, `labels`)
);
--> statement-breakpoint
ALTER TABLE `outbox` ADD `answers_event_at` integer;
--> statement-breakpoint
-- Counted when an event is first taken up for handling, not in the webhook's own write: the
-- acknowledgement's commit stays as lean as the bare store (every stored event is taken up, once first).
CREATE TRIGGER `metrics_events_received` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status = 'processing' AND NEW.attempts = 1
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_webhook_events_received_total', 'type="' || NEW.type || '"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_events_handled` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status IN ('done', 'failed') AND OLD.status NOT IN ('done', 'failed')
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_webhook_events_handled_total', 'outcome="' || NEW.status || '"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_events_retried` AFTER UPDATE OF status ON inbox_events
WHEN NEW.status = 'pending' AND OLD.status = 'processing' AND NEW.last_error IS NOT NULL
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_webhook_events_handled_total', 'outcome="retry"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_complaints_filed` AFTER INSERT ON complaints
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_complaints_filed_total', 'track="' || NEW.track || '"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_status_changes` AFTER INSERT ON complaint_history
WHEN NEW.status <> 'received'
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_complaint_status_changes_total', 'status="' || NEW.status || '"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_reminders_sent` AFTER INSERT ON reminder_log
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_reminders_sent_total', 'kind="' || NEW.kind || '"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
CREATE TRIGGER `metrics_event_answered` AFTER UPDATE OF status ON outbox
WHEN NEW.status = 'sent' AND OLD.status <> 'sent' AND NEW.answers_event_at IS NOT NULL AND NEW.sent_at IS NOT NULL
BEGIN
  INSERT INTO metric_counters (org_id, name, labels, value)
  SELECT NEW.org_id, 'prongsai_event_answer_seconds_bucket', 'le="' || b.value || '"', 1
  FROM json_each('[0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300]') AS b
  WHERE max(0, NEW.sent_at - NEW.answers_event_at) <= b.value * 1000
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_event_answer_seconds_bucket', 'le="+Inf"', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_event_answer_seconds_sum', '', max(0, NEW.sent_at - NEW.answers_event_at) / 1000.0)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
  INSERT INTO metric_counters (org_id, name, labels, value)
  VALUES (NEW.org_id, 'prongsai_event_answer_seconds_count', '', 1)
  ON CONFLICT (org_id, name, labels) DO UPDATE SET value = value + excluded.value;
END;
--> statement-breakpoint
-- Counters start from what is already stored, so totals read true from the first scrape.
INSERT INTO metric_counters (org_id, name, labels, value)
SELECT org_id, 'prongsai_complaints_filed_total', 'track="' || track || '"', count(*) FROM complaints GROUP BY org_id, track;
--> statement-breakpoint
INSERT INTO metric_counters (org_id, name, labels, value)
SELECT org_id, 'prongsai_complaint_status_changes_total', 'status="' || status || '"', count(*) FROM complaint_history WHERE status <> 'received' GROUP BY org_id, status;
--> statement-breakpoint
INSERT INTO metric_counters (org_id, name, labels, value)
SELECT org_id, 'prongsai_reminders_sent_total', 'kind="' || kind || '"', count(*) FROM reminder_log GROUP BY org_id, kind;
