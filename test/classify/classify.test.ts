import { describe, expect, it } from 'vitest';
import { classifyIdentifier, columnIdentifier, loadBuiltinDataTypes, splitWords } from '../../src/classify/index.js';

/**
 * Real-world identifiers (from SMS/telecom, e-commerce, SaaS and logging schemas) with the data types
 * they hold. About half are look-alikes that hold none of the vocabulary's types and must not match.
 * [identifier, SQL type or undefined, expected types]
 */
const CASES: Array<[string, string | undefined, string[]]> = [
  // ── phone numbers ──
  ['phone', 'varchar(32)', ['phone-number']],
  ['phone_number', 'text', ['phone-number']],
  ['phoneNumber', undefined, ['phone-number']],
  ['PhoneNumber', undefined, ['phone-number']],
  ['mobile_phone', 'varchar(20)', ['phone-number']],
  ['mobile', 'varchar(20)', ['phone-number']],
  ['msisdn', 'bigint', ['phone-number']],
  ['MSISDN', undefined, ['phone-number']],
  ['from_number', 'varchar(20)', ['phone-number']],
  ['to_number', 'varchar(20)', ['phone-number']],
  ['fromNumber', undefined, ['phone-number']],
  ['recipient_msisdn', 'text', ['phone-number']],
  ['sender_msisdn', 'text', ['phone-number']],
  ['telefonnummer', 'text', ['phone-number']],
  ['mobilnummer', 'text', ['phone-number']],
  ['kund_telefonnummer', 'text', ['phone-number']],
  ['contact_phone', 'text', ['phone-number']],
  ['phone_e164', 'text', ['phone-number']],
  ['cell_phone', 'text', ['phone-number']],
  ['telephone', 'text', ['phone-number']],
  ['destination_number', 'text', ['phone-number']],
  ['caller_id', 'text', ['phone-number']],
  ['phone_numbers', 'text[]', ['phone-number']],
  ['tel', 'text', ['phone-number']],
  ['mobileNo', undefined, ['phone-number']],
  // ── phone look-alikes ──
  ['phone_model', 'text', []],
  ['phone_verified', 'boolean', []],
  ['phone_verified_at', 'timestamptz', []],
  ['phone_number_count', 'integer', []],
  ['is_mobile', 'boolean', []],
  ['mobile_app_version', 'text', []],
  ['mobile_country_code', 'varchar(3)', []],
  ['mobile_network_code', 'varchar(3)', []],
  ['phone_type', 'text', []],
  ['recipient_count', 'integer', []],
  ['number_of_recipients', 'integer', []],
  ['message_number', 'integer', []],
  ['telemetry_enabled', 'boolean', []],
  ['phone_country_prefix', 'text', []],
  ['hotel_id', 'bigint', []],
  ['mobile_os', 'text', []],
  ['sequence_number', 'bigint', []],
  // ── IP addresses ──
  ['ip', 'text', ['ip-address']],
  ['ip_address', 'varchar(45)', ['ip-address']],
  ['ipAddress', undefined, ['ip-address']],
  ['IPAddress', undefined, ['ip-address']],
  ['client_ip', 'text', ['ip-address']],
  ['remote_addr', 'text', ['ip-address']],
  ['x_forwarded_for', 'text', ['ip-address']],
  ['X-Forwarded-For', undefined, ['ip-address']],
  ['ip_adress', 'text', ['ip-address']],
  ['ipv4', 'text', ['ip-address']],
  ['ipv6_address', 'text', ['ip-address']],
  ['last_login_ip', 'text', ['ip-address']],
  ['source', 'inet', ['ip-address']],
  ['allowed_network', 'cidr', ['ip-address']],
  ['signup_ip', 'text', ['ip-address']],
  ['real_ip', 'text', ['ip-address']],
  ['ip_addresses', 'text[]', ['ip-address']],
  // ── IP look-alikes ──
  ['ip_protocol', 'smallint', []],
  ['ip_version', 'smallint', []],
  ['zip', 'varchar(10)', []],
  ['zip_code', 'varchar(10)', []],
  ['tip_amount', 'numeric(10,2)', []],
  ['ship_date', 'date', []],
  ['shipping_method', 'text', []],
  ['skip_count', 'integer', []],
  ['ipo_date', 'date', []],
  ['vip', 'boolean', []],
  ['vip_level', 'integer', []],
  ['equipment_id', 'bigint', []],
  ['membership_tier', 'text', []],
  ['description', 'text', []],
  ['script_name', 'text', []],
  ['ip_pool_id', 'bigint', []],
  // ── user agents ──
  ['user_agent', 'text', ['user-agent']],
  ['userAgent', undefined, ['user-agent']],
  ['http_user_agent', 'text', ['user-agent']],
  ['ua', 'text', ['user-agent']],
  ['client_user_agent', 'text', ['user-agent']],
  // ── user agent look-alikes ──
  ['agent_id', 'bigint', []],
  ['support_agent', 'bigint', []],
  ['user_agent_id', 'bigint', []],
  ['agency_name', 'text', []],
  ['user_id', 'bigint', []],
  // ── email ──
  ['email', 'citext', ['email']],
  ['email_address', 'text', ['email']],
  ['emailAddress', undefined, ['email']],
  ['contact_email', 'text', ['email']],
  ['billing_email', 'text', ['email']],
  ['e_post', 'text', ['email']],
  ['epost', 'text', ['email']],
  ['e_postadress', 'text', ['email']],
  ['mejladress', 'text', ['email']],
  ['notification_emails', 'text[]', ['email']],
  ['mail', 'text', ['email']],
  // ── email look-alikes ──
  ['email_verified', 'boolean', []],
  ['email_verified_at', 'timestamptz', []],
  ['email_template', 'text', []],
  ['email_count', 'integer', []],
  ['email_sent_at', 'timestamptz', []],
  ['email_opt_in', 'boolean', []],
  ['mail_server', 'text', []],
  ['email_domain', 'text', []],
  ['voicemail_enabled', 'boolean', []],
  ['email_subject', 'text', []],
  // ── names ──
  ['first_name', 'text', ['name']],
  ['last_name', 'text', ['name']],
  ['firstName', undefined, ['name']],
  ['full_name', 'text', ['name']],
  ['surname', 'text', ['name']],
  ['display_name', 'text', ['name']],
  ['contact_person', 'text', ['name']],
  ['cardholder_name', 'text', ['name']],
  ['fornamn', 'text', ['name']],
  ['förnamn', 'text', ['name']],
  ['efternamn', 'text', ['name']],
  ['customer_name', 'text', ['name']],
  // ── name look-alikes ──
  ['file_name', 'text', []],
  ['table_name', 'text', []],
  ['hostname', 'text', []],
  ['host_name', 'text', []],
  ['product_name', 'text', []],
  ['company_name', 'text', []],
  ['name_length', 'integer', []],
  ['bucket_name', 'text', []],
  ['queue_name', 'text', []],
  ['first_seen_at', 'timestamptz', []],
  ['last_modified', 'timestamptz', []],
  // ── postal addresses ──
  ['address', 'text', ['postal-address']],
  ['street_address', 'text', ['postal-address']],
  ['billing_address', 'text', ['postal-address']],
  ['shipping_address', 'jsonb', ['postal-address']],
  ['address_line1', 'text', ['postal-address']],
  ['addressLine2', undefined, ['postal-address']],
  ['postadress', 'text', ['postal-address']],
  ['gatuadress', 'text', ['postal-address']],
  ['street', 'text', ['postal-address']],
  ['leveransadress', 'text', ['postal-address']],
  // ── address look-alikes ──
  ['mac_address', 'macaddr', []],
  ['wallet_address', 'text', []],
  ['webhook_address', 'text', []],
  ['address_type', 'text', []],
  ['addressee_count', 'integer', []],
  ['city_id', 'bigint', []],
  ['bind_address', 'text', []],
  // ── personal identity numbers ──
  ['personnummer', 'varchar(13)', ['personal-identity-number']],
  ['ssn', 'text', ['personal-identity-number']],
  ['social_security_number', 'text', ['personal-identity-number']],
  ['national_id', 'text', ['personal-identity-number']],
  ['personal_identity_number', 'text', ['personal-identity-number']],
  ['samordningsnummer', 'text', ['personal-identity-number']],
  ['kund_personnummer', 'text', ['personal-identity-number']],
  ['personalNumber', undefined, ['personal-identity-number']],
  // ── identity look-alikes ──
  ['personal_access_token_id', 'bigint', []],
  ['person_id', 'bigint', []],
  ['national_holiday', 'date', []],
  ['session_id', 'uuid', []],
  ['personalized', 'boolean', []],
  // ── message content ──
  ['message', 'text', ['message-content']],
  ['body', 'text', ['message-content']],
  ['message_body', 'text', ['message-content']],
  ['sms_text', 'text', ['message-content']],
  ['text', 'text', ['message-content']],
  ['content', 'text', ['message-content']],
  ['meddelande', 'text', ['message-content']],
  ['request_body', 'jsonb', ['message-content']],
  ['payload', 'jsonb', ['message-content']],
  ['messageText', undefined, ['message-content']],
  ['sms_meddelande', 'text', ['message-content']],
  // ── message look-alikes ──
  ['message_id', 'uuid', []],
  ['message_count', 'integer', []],
  ['message_status', 'text', []],
  ['message_length', 'integer', []],
  ['message_parts', 'smallint', []],
  ['error_message', 'text', []],
  ['status_text', 'text', []],
  ['content_type', 'text', []],
  ['content_length', 'bigint', []],
  ['body_size', 'integer', []],
  ['commit_message', 'text', []],
  ['text_direction', 'text', []],
  ['message_template', 'text', []],
  ['help_text', 'text', []],
  ['messages_sent', 'bigint', []],
  ['contentful_id', 'text', []],
  ['textile', 'text', []],
  ['felmeddelande', 'text', []],
  ['payload_size', 'integer', []],
  ['max_message_length', 'integer', []],
  // ── card numbers and security codes ──
  ['card_number', 'varchar(19)', ['card-number']],
  ['cardNumber', undefined, ['card-number']],
  ['pan', 'text', ['card-number']],
  ['credit_card_number', 'text', ['card-number']],
  ['cc_number', 'text', ['card-number']],
  ['kortnummer', 'text', ['card-number']],
  ['cvc', 'varchar(4)', ['card-security-code']],
  ['cvv', 'varchar(4)', ['card-security-code']],
  ['cvv2', 'text', ['card-security-code']],
  ['card_security_code', 'text', ['card-security-code']],
  ['card_verification_value', 'text', ['card-security-code']],
  // ── card look-alikes ──
  ['card_brand', 'text', []],
  ['card_last4', 'char(4)', []],
  ['card_type', 'text', []],
  ['card_expiry_month', 'smallint', []],
  ['masked_card_number', 'text', []],
  ['card_token', 'text', []],
  ['card_fingerprint', 'text', []],
  ['pantry_id', 'bigint', []],
  ['company', 'text', []],
  ['created_at', 'timestamptz', []],
  ['amount_cents', 'bigint', []],
  ['currency', 'char(3)', []],
  ['country_code', 'char(2)', []],
  ['status', 'text', []],
  ['retry_count', 'integer', []],
  ['api_key_id', 'bigint', []],
  ['operator_name', 'text', []],
  ['delivered_at', 'timestamptz', []],
  ['segments', 'smallint', []],
  ['price_per_sms', 'numeric', []],
  // ── columns of well-known schemas, added after the vocabulary was written (Twilio, Django, Devise, Stripe, Shopify, GitHub) ──
  ['from', 'text', ['phone-number']],
  ['to', 'text', ['phone-number']],
  ['num_segments', 'integer', []],
  ['num_media', 'integer', []],
  ['api_version', 'text', []],
  ['error_code', 'integer', []],
  ['date_sent', 'timestamptz', []],
  ['messaging_service_sid', 'text', []],
  ['username', 'text', []],
  ['password', 'text', []],
  ['is_staff', 'boolean', []],
  ['date_joined', 'timestamptz', []],
  ['last_login', 'timestamptz', []],
  ['encrypted_password', 'text', []],
  ['reset_password_token', 'text', []],
  ['current_sign_in_ip', 'inet', ['ip-address']],
  ['last_sign_in_ip', 'varchar', ['ip-address']],
  ['sign_in_count', 'integer', []],
  ['unconfirmed_email', 'text', ['email']],
  ['billing_details_address_line1', 'text', ['postal-address']],
  ['billing_details_email', 'text', ['email']],
  ['billing_details_name', 'text', ['name']],
  ['receipt_email', 'text', ['email']],
  ['receipt_number', 'text', []],
  ['statement_descriptor', 'text', []],
  ['shipping_phone', 'text', ['phone-number']],
  ['shipping_name', 'text', ['name']],
  ['browser_ip', 'text', ['ip-address']],
  ['landing_site', 'text', []],
  ['referring_site', 'text', []],
  ['buyer_accepts_marketing', 'boolean', []],
  ['total_tip_received', 'numeric', []],
  ['shipping_address_zip', 'text', ['postal-address']],
  ['avatar_url', 'text', []],
  ['gravatar_id', 'text', []],
  ['html_url', 'text', []],
  ['hireable', 'boolean', []],
  ['twitter_username', 'text', []],
  ['public_repos', 'integer', []],
  ['followers', 'integer', []],
  ['node_id', 'text', []],
  ['ip_allowlist', 'cidr[]', ['ip-address']],
  ['recipient', 'text', ['phone-number']],
  ['originator', 'text', ['phone-number']],
  // ── digests of the data, and the company's own addresses ──
  ['content_sha256', 'text', []],
  ['body_md5', 'text', []],
  ['payload_checksum', 'text', []],
  ['message_fingerprint', 'text', []],
  ['support_email', 'text', []],
  ['noreply_email', 'text', []],
  ['support_phone', 'text', []],
  ['sender_email', 'text', ['email']],
  // ── a bare name belongs to a product, a plan, a company; Swedish company and product names too ──
  ['name', 'text', []],
  ['product_name', 'text', []],
  ['foretagsnamn', 'text', []],
  ['produktnamn', 'text', []],
  ['förnamn', 'text', ['name']],
  ['kundnamn', 'text', ['name']],
];

describe('data-type classifier', () => {
  const types = loadBuiltinDataTypes();

  it('has the built-in vocabulary, every type personal', () => {
    const ids = types.map((t) => t.id).sort();
    for (const id of ['phone-number', 'ip-address', 'user-agent', 'email', 'name', 'postal-address', 'personal-identity-number', 'message-content', 'card-number', 'card-security-code']) {
      expect(ids).toContain(id);
      expect(types.find((t) => t.id === id)?.personal).toBe(true);
    }
  });

  it('splits snake, camel, kebab and digits', () => {
    expect(splitWords('fromNumber')).toEqual(['from', 'number']);
    expect(splitWords('x-forwarded-for')).toEqual(['x', 'forwarded', 'for']);
    expect(splitWords('userIPAddress')).toEqual(['user', 'ip', 'address']);
    expect(splitWords('address_line1')).toEqual(['address', 'line', '1']);
    expect(splitWords('förnamn')).toEqual(['fornamn']);
  });

  it(`classifies ${CASES.length} real-world identifiers with precision ≥ 0.97 and recall ≥ 0.95`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    const negatives = CASES.filter(([, , e]) => e.length === 0).length;
    expect(negatives / CASES.length).toBeGreaterThanOrEqual(0.45);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const wrong: string[] = [];
    for (const [identifier, sqlType, expected] of CASES) {
      const got = classifyIdentifier(identifier, sqlType, types).map((h) => h.type);
      for (const g of got) if (expected.includes(g)) tp++; else fp++;
      for (const e of expected) if (!got.includes(e)) fn++;
      if (got.join() !== [...expected].sort().join()) wrong.push(`${identifier} (${sqlType ?? '-'}): expected [${expected}] got [${got}]`);
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(`classifier: ${CASES.length} identifiers (${negatives} look-alikes), precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`);
    if (wrong.length) console.log(`misclassified:\n  ${wrong.join('\n  ')}`);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('a digest of the data or the company\'s own mailbox is not the data', () => {
    const of = (id: string): string[] => classifyIdentifier(id, 'text', types).map((h) => h.type);
    for (const id of ['content_sha256', 'body_md5', 'payload_checksum', 'message_fingerprint', 'support_email', 'noreply_email', 'name', 'produktnamn']) expect(of(id), id).toEqual([]);
    expect(of('sender_email')).toEqual(['email']);
    // a modifier after a phrase rules out the shorter matches inside it too
    for (const id of ['ip_address_hash', 'ip_address_hashed', 'hashed_ip', 'anonymized_ip', 'email_address_token', 'ip_city', 'ua_os', 'email_token']) expect(of(id), id).toEqual([]);
    expect(of('client_ip_address')).toEqual(['ip-address']);
    expect(of('phone_number')).toEqual(['phone-number']);
    // mail headers are email addresses, a street address is postal
    expect(of('from_address')).toEqual(['email']);
    expect(of('cc_addresses')).toEqual(['email']);
    expect(of('ship_to_address')).toEqual(['postal-address']);
    expect(of('content')).toEqual(['message-content']);
  });

  it('gift, loyalty and SIM cards are no payment cards; a card check result is no security code', () => {
    const of = (id: string): string[] => classifyIdentifier(id, 'text', types).map((h) => h.type);
    for (const id of ['gift_card_code', 'gift_card_number', 'loyalty_card_number', 'sim_card_number', 'cvc_check', 'cvv_result', 'creditcard_expiry', 'card_exp_year']) expect(of(id), id).toEqual([]);
    expect(of('payment_card_number')).toEqual(['card-number']);
    expect(of('card_code')).toEqual(['card-security-code']);
    expect(of('id_card_number')).toEqual(['personal-identity-number']);
  });

  it("a bare name is a person's name only in a table of people", () => {
    const of = (table: string, column: string): string[] => classifyIdentifier(columnIdentifier(table, column), 'text', types).map((h) => h.type);
    expect(of('public.users', 'name')).toEqual(['name']);
    expect(of('app.customers', 'Name')).toEqual(['name']);
    expect(of('public.app_users', 'name')).toEqual(['name']);
    expect(of('public.kunder', 'namn')).toEqual(['name']);
    expect(of('public.people', 'name')).toEqual(['name']);
    for (const table of ['public.products', 'public.plans', 'public.companies', 'public.tags', 'public.user_groups', 'public.oauth_clients']) expect(of(table, 'name'), table).toEqual([]);
    expect(columnIdentifier('public.users', 'email')).toBe('email');
    expect(columnIdentifier('public.users', 'name_key')).toBe('name_key');
  });

  it('reads Swedish plurals and numbers', () => {
    const of = (id: string): string[] => classifyIdentifier(id, 'text', types).map((h) => h.type);
    expect(of('epostadresser')).toEqual(['email']);
    expect(of('e_postadresser')).toEqual(['email']);
    expect(of('gatuadresser')).toEqual(['postal-address']);
    expect(of('ip_adresser')).toEqual(['ip-address']);
    expect(of('meddelanden')).toEqual(['message-content']);
    expect(of('kontaktpersoner')).toEqual(['name']);
    expect(of('telefon_nr')).toEqual(['phone-number']);
    expect(of('mail_adress')).toEqual(['email']);
    expect(of('felmeddelanden')).toEqual([]);
  });

  it('reports the words that matched and how', () => {
    expect(classifyIdentifier('sender_msisdn', 'text', types)).toEqual([{ type: 'phone-number', via: 'name', matched: ['msisdn'] }]);
    expect(classifyIdentifier('peer', 'inet', types)).toEqual([{ type: 'ip-address', via: 'sql-type', matched: ['inet'] }]);
    expect(classifyIdentifier('phoneNumber', undefined, types)[0].matched).toEqual(['phone', 'number']);
  });

  it('reads extra types in the same shape (a policy extension)', () => {
    const extra = [...types, { id: 'iban', name: { en: 'IBAN' }, patterns: [['iban'], ['bank', 'account']], exclusions: [], sqlTypes: [], personal: true }];
    expect(classifyIdentifier('payout_iban', 'text', extra).map((h) => h.type)).toEqual(['iban']);
    expect(classifyIdentifier('bank_accounts', 'text[]', extra).map((h) => h.type)).toEqual(['iban']);
  });

  it('survives hostile identifiers', () => {
    expect(classifyIdentifier('', undefined, types)).toEqual([]);
    expect(classifyIdentifier('\uFFFD\uFFFD', 'text', types)).toEqual([]);
    expect(classifyIdentifier('a'.repeat(100000), 'text', types)).toEqual([]);
  });
});
