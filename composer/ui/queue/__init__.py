"""The queue page: per-account queues as a list and a week, pause switches, publishing history."""
