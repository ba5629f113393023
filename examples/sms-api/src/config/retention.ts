/**
 * How long the SMS API keeps each kind of data. Every constant here is the code's side of a
 * retention promise in the privacy policy (policy/versions/*.yaml); policyproof checks the values.
 */
import { DAY_MS, HOUR_MS } from './time.js';

/**
 * Call detail records must be kept for exactly 60 days (LEK 2022:482, PTS).
 * @retention traffic-data.min
 * @retention traffic-data.max
 */
export const TRAFFIC_DATA_RETENTION_MS = 60 * DAY_MS;

/**
 * Payloads of API requests and queued messages: deleted when the send completes, at the latest
 * after 72 hours (failed callbacks included).
 * @retention api-traffic.max
 */
export const API_PAYLOAD_TTL_MS = 72 * HOUR_MS;

/** @retention debug-data.max */
export const DEBUG_TRACE_RETENTION_DAYS = 14;

/** Traffic history is kept 90 days unless the customer chooses otherwise. */
export const HISTORY = {
  /** @retention traffic-history.default */
  defaultDays: 90,
  /** The longest a customer may choose. */
  maxDays: 90,
} as const;
