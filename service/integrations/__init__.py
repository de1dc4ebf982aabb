"""Integrations: outbound webhooks to API clients (events, payloads, subscriptions)."""
