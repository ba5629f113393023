/**
 * One delivered or received SMS as the switch records it (stored in traffic_log).
 * @category traffic-data
 */
export interface CallDetailRecord {
  id: string;
  customerId: number;
  msisdn: string;
  direction: 'mo' | 'mt';
  operator?: string;
  clientIp?: string;
  userAgent?: string;
  segments: number;
  createdAt: Date;
}
