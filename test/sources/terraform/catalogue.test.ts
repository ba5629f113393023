import { describe, expect, it } from 'vitest';
import { buildCatalogue, builtinCatalogue, catalogueWith } from '../../../src/sources/terraform/catalogue.js';

describe('the resource catalogue (rules/resources/*.yaml)', () => {
  it('covers every resource type the issue names, with its kind and unit', () => {
    const c = builtinCatalogue();
    const summary = (type: string) => {
      const r = c.resources.get(type);
      return r ? `${r.provider} ${r.kind} ${r.retention.map((s) => `${s.block ? `${s.block}.` : ''}${s.attributes[0].join('.')}:${s.unit}`).join(' ')}`.trim() : 'missing';
    };
    expect(
      Object.fromEntries(
        [
          'aws_cloudwatch_log_group', 'aws_s3_bucket', 'aws_s3_bucket_lifecycle_configuration', 'aws_sqs_queue', 'aws_kinesis_stream',
          'aws_db_instance', 'aws_rds_cluster', 'aws_elasticache_cluster', 'aws_elasticache_replication_group',
          'google_logging_project_bucket_config', 'google_storage_bucket', 'google_pubsub_topic', 'google_pubsub_subscription',
          'azurerm_log_analytics_workspace', 'azurerm_storage_account', 'azurerm_storage_management_policy', 'hcloud_volume',
        ].map((t) => [t, summary(t)]),
      ),
    ).toEqual({
      aws_cloudwatch_log_group: 'aws log-group retention_in_days:d',
      aws_s3_bucket: 'aws bucket lifecycle_rule.expiration.days:d lifecycle_rule.noncurrent_version_expiration.days:d',
      aws_s3_bucket_lifecycle_configuration: 'aws bucket-lifecycle rule.expiration.days:d rule.noncurrent_version_expiration.noncurrent_days:d',
      aws_sqs_queue: 'aws queue message_retention_seconds:s',
      aws_kinesis_stream: 'aws stream retention_period:h',
      aws_db_instance: 'aws database-backup backup_retention_period:d',
      aws_rds_cluster: 'aws database-backup backup_retention_period:d',
      aws_elasticache_cluster: 'aws cache-snapshot snapshot_retention_limit:d',
      aws_elasticache_replication_group: 'aws cache-snapshot snapshot_retention_limit:d',
      google_logging_project_bucket_config: 'gcp log-bucket retention_days:d',
      google_storage_bucket: 'gcp bucket lifecycle_rule.condition.age:d lifecycle_rule.condition.age:d retention_policy.retention_period:s',
      google_pubsub_topic: 'gcp topic message_retention_duration:go-duration',
      google_pubsub_subscription: 'gcp subscription message_retention_duration:go-duration',
      azurerm_log_analytics_workspace: 'azure workspace retention_in_days:d',
      azurerm_storage_account: 'azure storage-account',
      azurerm_storage_management_policy: 'azure storage-management-policy rule.actions.base_blob.delete_after_days_since_modification_greater_than:d',
      hcloud_volume: 'hetzner volume',
    });
    expect(c.resources.get('aws_s3_bucket_lifecycle_configuration')?.attachTo).toEqual({ attribute: 'bucket', types: ['aws_s3_bucket'], matchAttribute: 'bucket' });
    expect(c.providers.get('google-beta')).toEqual({ provider: 'gcp', providerCategoryFrom: [['default_labels', 'data_category']], providerRegion: 'region' });
  });

  it('a user mapping overrides a built-in one for the same type', () => {
    const { catalogue } = catalogueWith([{ provider: 'aws', resources: { aws_sqs_queue: { kind: 'mailbox', retention: [{ attribute: 'message_retention_seconds', unit: 's' }] } } }]);
    expect(catalogue.resources.get('aws_sqs_queue')).toMatchObject({ kind: 'mailbox', origin: 'configuration resources[0]' });
    expect(builtinCatalogue().resources.get('aws_sqs_queue')?.kind).toBe('queue');
  });

  it.each([
    [{ resources: {} }, '"provider" is required'],
    [{ provider: 'aws', resources: { t: {} } }, '"kind" is required'],
    [{ provider: 'aws', resources: { t: { kind: 'k', retention: [{ unit: 'd' }] } } }, '"attribute" is required'],
    [{ provider: 'aws', resources: { t: { kind: 'k', retention: [{ attribute: 'a', unit: 'd', absent: { default: 'P1M' } }] } } }, 'not an ISO 8601 duration'],
    [{ provider: 'aws', resources: { t: { kind: 'k', retention: [{ attribute: 'a', unit: 'd', bound: 'most' }] } } }, 'bound must be max, min or default'],
  ])('refuses a malformed mapping with a message that says what is wrong (%#)', (doc, message) => {
    expect(() => buildCatalogue([{ origin: 'policyproof.yaml', doc }])).toThrow(message);
  });
});
