/**
 * An entry of the customer's traffic history, as the dashboard and the API show it.
 * @category traffic-history
 */
export interface MessageHistoryEntry {
  id: number;
  customerId: number;
  toNumber: string;
  messageText?: string;
  status: 'delivered' | 'failed' | 'queued';
  sentAt: Date;
}

/** @category customer-data */
export interface HistorySettings {
  customerId: number;
  retentionDays: number;
  enabled: boolean;
}
