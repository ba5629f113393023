/**
 * Aggregated counts for capacity planning. Holds no personal data: no numbers, no addresses.
 * @category statistics
 */
export interface DailyStatistics {
  day: string;
  operator: string;
  messagesSent: number;
  segmentsSent: number;
  deliveryRate: number;
}
