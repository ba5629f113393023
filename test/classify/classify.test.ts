import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM shared with bench/classify.mjs
import { readCurated } from '../../bench/lib/classify-corpus.mjs';
import { classifyColumn, classifyIdentifier, explainColumn, loadBuiltinDataTypes, splitWords } from '../../src/classify/index.js';

/**
 * Real-world identifiers (from SMS/telecom, e-commerce, SaaS and logging schemas) with the data types
 * they hold, as data in test/classify/curated.tsv. About half are look-alikes that hold none of the
 * vocabulary's types and must not match.
 */
const CASES: Array<[string, string | undefined, string[]]> = readCurated(fileURLToPath(new URL('./curated.tsv', import.meta.url)))
  .map((c: { identifier: string; declaredType?: string; expected: string[] }) => [c.identifier, c.declaredType, c.expected]);

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
    for (const id of ['ip_address_hash', 'ip_address_hashed', 'hashed_ip', 'anonymized_ip', 'email_address_token', 'ua_os', 'email_token']) expect(of(id), id).toEqual([]);
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

  it("a bare name is a person's name only in a table of people, whatever the source", () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.users', 'name')).toEqual(['name']);
    expect(of('app.customers', 'Name')).toEqual(['name']);
    expect(of('public.app_users', 'name')).toEqual(['name']);
    expect(of('public.kunder', 'namn')).toEqual(['name']);
    expect(of('public.people', 'name')).toEqual(['name']);
    expect(of('Customer', 'name', '')).toEqual(['name']); // a TypeORM entity class
    expect(of('Benutzer', 'name')).toEqual(['name']);
    expect(of('public.customers', 'company_name')).toEqual([]); // a bare name only: the customer's company is no person
    expect(of('public.customer_addresses', 'address_name')).toEqual([]);
    for (const table of ['public.products', 'public.plans', 'public.companies', 'public.tags', 'public.user_groups', 'public.oauth_clients', 'Environment']) expect(of(table, 'name'), table).toEqual([]);
    expect(classifyIdentifier('name', 'text', types)).toEqual([]);
    // display_name of a person, not of an environment or a permission
    expect(of('public.users', 'display_name')).toEqual(['name']);
    expect(of('public.environments', 'display_name')).toEqual([]);
    expect(of('Permission', 'displayName')).toEqual([]);
  });

  it('counts body, content, message and payload only in a table of messages', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    for (const [table, column] of [['public.messages', 'body'], ['public.sms', 'text'], ['public.comments', 'content'], ['courier_messages', 'body'], ['public.chat_messages', 'payload']]) {
      expect(of(table, column), `${table}.${column}`).toEqual(['message-content']);
    }
    for (const [table, column] of [['public.templates', 'body'], ['public.pages', 'content'], ['selfservice_login_flows', 'messages'], ['oidc_model_instances', 'payload'], ['public.campaigns', 'body']]) {
      expect(of(table, column), `${table}.${column}`).toEqual([]);
    }
    // an SMS's originator and destination are phone numbers
    expect(of('public.sms_messages', 'originator')).toEqual(['phone-number']);
    expect(of('public.sms_messages', 'destination')).toEqual(['phone-number']);
  });

  it('reads tables of email, sign-in tokens, partners, social handles and a thing\'s profile by rule (tuning round 2)', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    // a table of email (by its last word): its parties are email addresses, its body what a person wrote
    expect(of('public.SentEmail', 'recipient')).toEqual(['email']);
    expect(of('public.outgoing_emails', 'to')).toEqual(['email']);
    expect(of('public.outgoing_emails', 'body')).toEqual(['message-content']);
    expect(of('public.email_templates', 'body')).toEqual([]);
    expect(of('public.TeamEmail', 'from')).toEqual([]); // a team's own mailbox
    expect(classifyIdentifier('recipient', 'text', types).map((h) => h.type)).toEqual(['phone-number']); // on its own, as before
    // an app's notifications are its own text; a message a person adds to an invitation is theirs
    expect(of('public.notifications', 'body')).toEqual([]);
    expect(of('public.inbox', 'message')).toEqual([]);
    expect(of('public.WorkspaceInvitation', 'personalMessage')).toEqual(['message-content']);
    expect(of('public.settings', 'customMessage')).toEqual([]);
    expect(of('public.comments', 'data', 'jsonb')).toEqual(['message-content']);
    expect(of('public.chat_messages', 'template_data', 'jsonb')).toEqual([]);
    // the identifier of a password reset or a sign-in link, and a user's login identifier, is an email
    expect(of('public.PasswordResetToken', 'identifier')).toEqual(['email']);
    expect(of('Member', 'identifier', '')).toEqual(['email']);
    expect(of('public.api_keys', 'identifier')).toEqual([]);
    // …Data after a match is about the thing
    expect(of('public.Campaign', 'welcomeEmailData', 'json')).toEqual([]);
    // a nickname is a name; a social network's column alone is a handle, except a company's
    expect(of('public.members', 'nickname')).toEqual(['name']);
    expect(of('public.Speaker', 'github')).toEqual(['username']);
    expect(of('public.Company', 'linkedin')).toEqual([]);
    expect(of('public.posts', 'twitter_card_type')).toEqual([]);
    // partners and affiliates are people; a device's or a shipping profile is not, a user's is
    expect(of('public.affiliates', 'name')).toEqual(['name']);
    expect(of('public.device_profiles', 'name')).toEqual([]);
    expect(of('ShippingProfile', 'name', '')).toEqual([]);
    expect(of('public.user_profiles', 'name')).toEqual(['name']);
    // a bare state, county or line 1 is part of an address in a table of addresses only, and not a shop's
    expect(of('public.customer_addresses', 'state')).toEqual(['postal-address']);
    expect(of('OrderAddress', 'line1', '')).toEqual(['postal-address']);
    expect(of('public.orders', 'state')).toEqual([]);
    expect(of('StockLocationAddress', 'state', '')).toEqual([]);
    // the picture a table of avatars keeps is a person's photo
    expect(of('public.user_avatars', 'bytes', 'bytea')).toEqual(['photo']);
    expect(of('public.product_images', 'bytes', 'bytea')).toEqual([]);
    // viewers and visitors are people; a chat session's messages are messages
    expect(of('public.viewer', 'name')).toEqual(['name']);
    expect(of('public.chat_session', 'messages', 'jsonb')).toEqual(['message-content']);
    expect(explainColumn({ table: 'public.SentEmail', identifier: 'recipient', declaredType: 'text' }, types).hits[0].reason).toBe('"recipient" in a mail table (email)');
  });

  it('reads an email message table, settings about email, rooms and versioned tables by rule (tuning round 3)', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    // a message table named with email anywhere is mail: its parties are email addresses, not phone numbers
    expect(of('public.EmailMessage', 'from')).toEqual(['email']);
    expect(of('public.mail_threads', 'to')).toEqual(['email']);
    expect(of('public.sms_messages', 'from')).toEqual(['phone-number']);
    expect(of('public.EmailMessage', 'fromName')).toEqual(['name']);
    expect(of('public.EmailMessage', 'content')).toEqual(['message-content']);
    expect(of('public.email_templates', 'from')).toEqual([]);
    expect(explainColumn({ table: 'public.EmailMessage', identifier: 'to', declaredType: 'text' }, types).ruledOut)
      .toContain('phone-number: "to" counts only in a communication table, not in public.EmailMessage');
    // a feature's blocker, prompt, layout, history or subscription is about email, not an address
    for (const id of ['coldEmailBlocker', 'coldEmailPrompt', 'mailLayout', 'watchEmailsSubscriptionHistory', 'phone_filter_rule']) {
      expect(of('public.MailAccount', id), id).toEqual([]);
    }
    expect(of('public.MailAccount', 'email')).toEqual(['email']);
    expect(of('public.users', 'email_history', 'jsonb')).toEqual(['email']); // past addresses are addresses
    // a blind copy is an email address in any table; a message's parts are its content
    expect(of('public.RuleAction', 'bcc')).toEqual(['email']);
    expect(of('public.chat_messages', 'parts', 'jsonb')).toEqual(['message-content']);
    // a room's or a group's avatar is no person's photo; a member's is
    expect(of('public.room_state', 'avatar')).toEqual([]);
    expect(of('public.channels', 'avatar_url')).toEqual([]);
    expect(of('public.group_members', 'avatar')).toEqual(['photo']);
    // an IMAP account's login is a service's; a project's or an app's avatar is its own, its owner's email a person's
    expect(of('public.imap', 'username')).toEqual([]);
    expect(of('public.projects', 'avatar')).toEqual([]);
    expect(of('public.OAuthApp', 'avatarUrl')).toEqual([]);
    expect(of('public.projects', 'owner_email')).toEqual(['email']);
    // a homeserver's third-party identifiers (threepids) are sign-in addresses: an email, not a street
    expect(of('public.user_threepids', 'address')).toEqual(['email']);
    // a version or a number in a table's name says nothing of its rows; an answer is what a person wrote
    expect(of('public.QuestionAnswerV2', 'content')).toEqual(['message-content']);
    expect(of('public.users_v2', 'name')).toEqual(['name']);
    expect(of('public.Reservation', 'guestNote')).toEqual(['message-content']);
  });

  it('reads mail servers, templates, settings, phone calls, tickets, addresses and accounts by rule (tuning round 4)', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    const why = (table: string, column: string): string[] => explainColumn({ table, identifier: column, declaredType: 'text' }, types).ruledOut;
    // a mail server's account is a service's; the mail it received is mail between people
    expect(of('public.smtp_settings', 'username')).toEqual([]);
    expect(of('public.ImapConfig', 'email')).toEqual([]);
    expect(of('public.Imap_Email', 'from')).toEqual(['email']);
    expect(of('public.Imap_Email', 'html')).toEqual(['message-content']);
    expect(of('public.pop3_messages', 'body')).toEqual(['message-content']);
    // a template's sender, heading, button and body are the sender's text
    expect(of('invoiceTemplates', 'email_heading')).toEqual([]);
    expect(of('public.EmailTemplate', 'fromAddress')).toEqual([]);
    expect(of('public.sms_templates', 'body')).toEqual([]);
    expect(why('public.EmailTemplate', 'from_email')).toContain('email: "from email" is in a template table (template), whose email is not a person\'s');
    expect(of('public.users', 'phone_description')).toEqual([]);
    // an application's settings are its own, a person's settings theirs
    expect(of('public.mail_settings', 'from_email')).toEqual([]);
    expect(of('public.user_settings', 'notification_email')).toEqual(['email']);
    // the parties of a phone call are phone numbers; a tool call has none
    expect(of('public.calls', 'from')).toEqual(['phone-number']);
    expect(of('public.voice_calls', 'destination')).toEqual(['phone-number']);
    expect(of('public.tool_calls', 'content')).toEqual([]);
    // what a customer writes to a help desk; a comment's own text
    expect(of('public.Ticket', 'detail')).toEqual([]);
    expect(of('public.Ticket', 'body')).toEqual(['message-content']);
    expect(of('public.enquiries', 'message')).toEqual(['message-content']);
    expect(of('public.comments', 'comment')).toEqual(['message-content']);
    // the name and coordinates on a person's address; a warehouse's or a repository's name is its own
    expect(of('public.spree_addresses', 'name')).toEqual(['name']);
    expect(of('public.addresses', 'latitude', 'double precision')).toEqual(['geolocation']);
    expect(of('public.warehouse_addresses', 'name')).toEqual([]);
    expect(of('public.GithubRepository', 'fullName')).toEqual([]);
    expect(why('public.GithubRepository', 'fullName')).toContain('name: "full name" of a group table (repository) is its own');
    expect(of('public.users', 'full_name')).toEqual(['name']);
    // a bare author is a name; a bank account's name is its label, a member account's a person's
    expect(of('public.knowledgeBase', 'author')).toEqual(['name']);
    expect(of('public.knowledgeBase', 'author', 'integer')).toEqual([]);
    expect(of('bankAccounts', 'name')).toEqual([]);
    expect(of('public.members', 'name')).toEqual(['name']);
    // (round 5) an account is a bank's, a ledger's or a mailbox's as often as a person's: its name is its label
    expect(of('public.accounts', 'name')).toEqual([]);
    expect(of('public.accounts', 'email')).toEqual(['email']);
    // (round 5) a customer's or a contact's state is a province; a user's is a status
    expect(of('public.contacts', 'state')).toEqual(['postal-address']);
    expect(of('public.users', 'state')).toEqual([]);
    expect(of('public.comments', 'html')).toEqual(['message-content']);
    expect(of('public.addresses', 'locality')).toEqual(['postal-address']);
    expect(of('public.addresses', 'postal_code', 'integer')).toEqual(['postal-address']);
    expect(of('public.accounts', 'bank_phone')).toEqual([]);
    expect(of('public.persons', 'contact_numbers', 'json')).toEqual(['phone-number']);
    expect(of('public.emails', 'name')).toEqual(['name']);
    // an email provider's sending address is the company's
    expect(of('public.DefaultEmailProvider', 'fromAddress')).toEqual([]);
    // sms is no plural
    expect(explainColumn({ table: 'sms', identifier: 'to', declaredType: 'text' }, types).hits[0]?.reason).toBe('"to" in a communication table (sms)');
  });

  it('reads mail connections, a company\'s own contacts, fax, contact persons, subjects and declared IP types by rule (tuning round 5)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    // a mail account's connection is a server's
    for (const id of ['email_host', 'email_host_user', 'email_host_password', 'email_port', 'email_ssl_certfile']) expect(of('MailAccount', id), id).toEqual([]);
    // a lead's company mailbox, switchboard and premises are the company's
    expect(of('Lead', 'company_email')).toEqual([]);
    expect(of('Lead', 'company_phone')).toEqual([]);
    expect(of('Lead', 'email')).toEqual(['email']);
    // a fax is a phone number; a customer's contact and a user's alias are names
    expect(of('Customer', 'fax')).toEqual(['phone-number']);
    expect(of('kunder', 'faxnummer')).toEqual(['phone-number']);
    expect(of('public.customers', 'contact')).toEqual(['name']);
    expect(of('public.products', 'contact')).toEqual([]);
    expect(of('User', 'alias')).toEqual(['name']);
    // an address's state or city name; a buyer's instructions
    expect(of('public.spree_addresses', 'state_name')).toEqual(['postal-address']);
    expect(of('Request', 'city_name')).toEqual(['postal-address']);
    expect(of('public.spree_orders', 'special_instructions', 'text')).toEqual(['message-content']);
    // a message's subject line is what a person wrote; a template's or a lone email_subject is not
    expect(of('public.messages', 'subject')).toEqual(['message-content']);
    expect(of('public.email_templates', 'subject')).toEqual([]);
    expect(classifyIdentifier('email_subject', 'text', types)).toEqual([]);
    // the name given when signing up; a passkey's nickname is the key's
    expect(of('public.email_verifications', 'name')).toEqual(['name']);
    expect(of('public.webauthn_credentials', 'nickname')).toEqual([]);
    // a declared inet is an IP address, never a street
    expect(of('public.users', 'creation_address', 'inet')).toEqual(['ip-address']);
    expect(explainColumn({ table: 'public.acls', identifier: 'address', declaredType: 'inet' }, types).ruledOut)
      .toContain('postal-address: "address" is declared inet, which holds an ip-address');
  });

  it('reads places, organisers, speakers, WhatsApp ids, an address table\'s text and a mail table\'s address by rule (tuning round 7)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    // a place's address is the place's; a person's last IP is theirs
    expect(of('public.events', 'location_address_line_1')).toEqual([]);
    expect(of('public.stores', 'venue_phone')).toEqual([]);
    expect(of('public.accounts', 'last_ip')).toEqual(['ip-address']);
    // an organiser is an organisation; a speaker and a judge are people
    expect(of('public.organisers', 'name')).toEqual([]);
    expect(of('public.organisers', 'email')).toEqual([]);
    expect(of('SpeakerProfile', 'name')).toEqual(['name']);
    expect(of('public.judges', 'name')).toEqual(['name']);
    // a WhatsApp JID is a phone number, its push name a name, a chat message's participant a phone number
    expect(of('public.Contact', 'remoteJid')).toEqual(['phone-number']);
    expect(of('public.Contact', 'pushName')).toEqual(['name']);
    expect(of('public.Contact', 'profilePicUrl')).toEqual(['photo']);
    expect(of('public.Message', 'participant')).toEqual(['phone-number']);
    // an address table's text is the address; a mail table's address is an email
    expect(of('public.addresses', 'content')).toEqual(['postal-address']);
    expect(of('public.sent_emails', 'sent_address')).toEqual(['email']);
    expect(of('public.casa_cases', 'birth_month_year', 'timestamp')).toEqual(['date-of-birth']);
  });

  it('reads copies, invitations\' messages, previews, mailboxes and reference data by rule (tuning round 8)', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.threads', 'cc')).toEqual(['email']);
    expect(of('public.threads', 'action_data')).toEqual([]);
    expect(of('public.chat_messages', 'data', 'jsonb')).toEqual(['message-content']);
    expect(of('public.conversations', 'preview')).toEqual(['message-content']);
    expect(of('IssueComment', 'comment_json', 'jsonb')).toEqual(['message-content']);
    expect(of('ProjectMemberInvite', 'message')).toEqual(['message-content']);
    expect(of('public.invitations', 'memo')).toEqual(['message-content']);
    expect(of('public.mailboxes', 'email')).toEqual([]);
    expect(of('public.mailboxes', 'in_username')).toEqual([]);
    expect(of('User', 'last_login_uagent')).toEqual(['user-agent']);
    expect(of('User', 'last_login_medium')).toEqual([]);
    expect(of('Profile', 'mobile_onboarding_step', 'jsonb')).toEqual([]);
    expect(of('Language', 'full_name')).toEqual([]);
    expect(of('License', 'full_name')).toEqual([]);
    expect(of('Customer', 'full_name')).toEqual(['name']);
    // a payload with no table known is still what an API carried (the SMS API's policy)
    expect(classifyIdentifier('payload', 'jsonb', types).map((h) => h.type)).toEqual(['message-content']);
  });

  it('reads notifications, canned replies, message queues, IP tables and address parts by rule (tuning round 9)', () => {
    const of = (table: string, column: string, declaredType = 'text'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.user_notifications', 'from_email')).toEqual([]);
    expect(of('preset_replies', 'body')).toEqual([]);
    expect(of('public.quick_replies', 'content')).toEqual([]);
    expect(of('public.messenger_messages', 'body')).toEqual([]);
    expect(of('public.direct_messages', 'body')).toEqual(['message-content']);
    expect(of('public.direct_messages', 'from_name')).toEqual(['name']);
    expect(of('IPBlocklist', 'address')).toEqual(['ip-address']);
    expect(of('Queue', 'new_ticket_cc')).toEqual(['email']);
    expect(of('Queue', 'email_box_imap_folder')).toEqual([]);
    expect(of('public.users', 'email_decryption_nonce', 'bytea')).toEqual([]);
    expect(of('public.addresses', 'address_number')).toEqual(['postal-address']);
    expect(of('public.sylius_address', 'province_code')).toEqual(['postal-address']);
    expect(of('public.app_users', 'postal')).toEqual(['postal-address']);
    expect(of('public.payments', 'cc_number')).toEqual(['card-number']);
  });

  it('reads a person\'s numbers and images, machines\' IPs, raw email, handles and MySQL booleans by rule (tuning round 10)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.contacts', 'primary_number')).toEqual(['phone-number']);
    expect(of('public.users', 'image_path')).toEqual(['photo']);
    expect(of('public.users', 'thumbnail')).toEqual(['photo']);
    expect(of('public.users', 'cover_image')).toEqual([]);
    expect(of('public.users', 'preview_image')).toEqual([]);
    expect(of('public.products', 'image_path')).toEqual([]);
    expect(of('public.users', 'name_first')).toEqual(['name']);
    expect(of('public.person_name', 'family_name_suffix')).toEqual([]);
    expect(of('public.person', 'birthdate_estimated', 'tinyint(1)')).toEqual([]);
    expect(of('public.person', 'birthtime', 'time')).toEqual(['date-of-birth']);
    expect(of('public.servers', 'ip')).toEqual([]);
    expect(of('public.sessions', 'ip')).toEqual(['ip-address']);
    expect(of('public.posts', 'raw_email', 'text')).toEqual(['message-content']);
    expect(of('public.people', 'diaspora_handle')).toEqual(['username']);
  });

  it('reads mass mail, phone country codes, institutions and date-time suffixes by rule (tuning round 11)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('MassmailerMessage', 'from_email')).toEqual([]);
    expect(of('MassmailerMessage', 'content')).toEqual([]);
    expect(of('public.newsletter_emails', 'body')).toEqual([]);
    expect(of('public.emails', 'body')).toEqual(['message-content']);
    expect(of('public.client', 'phone_cc')).toEqual([]);
    expect(of('Affiliation', 'street')).toEqual([]);
    expect(of('Identity', 'last_login_dt')).toEqual([]);
  });

  it('reads a short integer as no phone number, a tax or zone table\'s postal code as an area, an email list\'s address as an email (tuning round 12)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.messages', 'recipients', 'integer')).toEqual([]);
    expect(of('public.messages', 'reply_to', 'int(11)')).toEqual([]);
    expect(of('public.messages', 'sender', 'int unsigned')).toEqual([]);
    expect(of('public.users', 'email', 'int(10) unsigned zerofill')).toEqual([]);
    expect(of('public.messages', 'recipients', 'text')).toEqual(['phone-number']);
    expect(of('public.subscribers', 'msisdn', 'bigint')).toEqual(['phone-number']);
    expect(explainColumn({ table: 'public.messages', identifier: 'recipients', declaredType: 'integer' }, types).ruledOut)
      .toContain('phone-number: "recipients" is declared integer, which holds no phone-number');
    expect(of('public.tax_rates', 'zip_code')).toEqual([]);
    expect(of('public.spree_delivery_zone_members', 'postal_code_from')).toEqual([]);
    expect(of('public.customers', 'zip_code')).toEqual(['postal-address']);
    // after scoring blind14 once
    expect(of('public.email_addresses', 'address')).toEqual(['email']);
    expect(of('public.customer_addresses', 'address')).toEqual(['postal-address']);
    expect(of('public.auth_sources', 'attr_mail')).toEqual([]);
    expect(of('public.instance_settings', 'public_ipv4', 'text')).toEqual([]);
    expect(of('public.public_authorities', 'request_email')).toEqual([]);
    // after scoring blind15 once
    expect(of('public.marketplaces', 'contact_email')).toEqual([]);
    expect(of('public.paypal_ipn_messages', 'body', 'text')).toEqual([]);
    expect(of('public.people', 'avatar_file_name')).toEqual(['photo']);
    expect(of('public.users', 'image_file_name')).toEqual(['photo']);
    expect(of('public.products', 'image_file_name')).toEqual([]);
    expect(of('public.people', 'public_name')).toEqual(['name']);
    expect(of('public.profiles', 'webfinger')).toEqual(['username']);
    expect(of('IgnoredEmail', 'rcpt_to')).toEqual(['email']);
    expect(of('public.links', 'address')).toEqual([]);
    expect(of('public.hosts', 'address')).toEqual([]);
    expect(of('public.braintree_accounts', 'address_region')).toEqual(['postal-address']);
  });

  it('reads modifiers anywhere after the match, and the declared type', () => {
    const of = (id: string, declaredType?: string, table?: string): string[] => classifyColumn({ ...(table ? { table } : {}), identifier: id, declaredType }, types).map((h) => h.type);
    for (const id of ['emailTransportId', 'email_change_token_new', 'phone_change_token', 'emailDocumentSettings', 'email_blocklist_policy', 'phone_login_enabled', 'email_bounce_count', 'email_confirmed_at', 'emailTemplateName']) {
      expect(of(id, 'text'), id).toEqual([]);
    }
    expect(of('email_change', 'varchar(255)')).toEqual(['email']);
    expect(of('defaultShippingAddress', 'boolean')).toEqual([]);
    expect(of('email', 'sendstatus')).toEqual([]); // an enumeration
    expect(of('birth_date', 'date')).toEqual(['date-of-birth']);
    expect(of('last_login', 'timestamptz')).toEqual([]);
    expect(of('msisdn', 'bigint')).toEqual(['phone-number']);
    expect(of('first_name', 'integer')).toEqual([]);
  });

  it('knows the words of the issue in English, Swedish, Danish, Norwegian, Finnish and German', () => {
    const of = (id: string, table?: string): string[] => classifyColumn({ ...(table ? { table } : {}), identifier: id, declaredType: 'text' }, types).map((h) => h.type);
    const cases: Array<[string, string, string?]> = [
      ['username', 'username'], ['login', 'username'], ['anvandarnamn', 'username'], ['brugernavn', 'username'], ['käyttäjänimi', 'username'], ['Benutzername', 'username'],
      ['invitee', 'email'], ['city', 'postal-address'], ['postal_code', 'postal-address'], ['zip', 'postal-address'], ['street', 'postal-address'],
      ['postnummer', 'postal-address'], ['postinumero', 'postal-address'], ['Straße', 'postal-address'], ['Postleitzahl', 'postal-address'], ['gatenavn', 'postal-address'],
      ['birthdate', 'date-of-birth'], ['födelsedatum', 'date-of-birth'], ['fødselsdato', 'date-of-birth'], ['syntymäaika', 'date-of-birth'], ['Geburtsdatum', 'date-of-birth'],
      ['avatar', 'photo'], ['profilbild', 'photo'], ['imsi', 'imsi'], ['imei', 'imei'], ['fornavn', 'name'], ['etternavn', 'name'], ['sukunimi', 'name'], ['Vorname', 'name'],
      ['puhelinnumero', 'phone-number'], ['handynummer', 'phone-number'], ['sähköposti', 'email'], ['henkilötunnus', 'personal-identity-number'], ['cpr_nummer', 'personal-identity-number'],
      ['image', 'photo', 'public.users'], ['latitude', 'geolocation', 'user_geo_locations'], ['identifier', 'username', 'identity_credential_identifiers'],
      ['address', 'email', 'identity_verifiable_addresses'], ['value', 'email', 'identity_recovery_addresses'],
    ];
    for (const [id, type, table] of cases) expect(of(id, table), `${table ?? ''} ${id}`).toEqual([type]);
    // a device's coordinates, a product's image and a warehouse's address are no person's
    expect(of('latitude', 'public.gateways')).toEqual([]);
    expect(of('image', 'public.products')).toEqual([]);
    expect(of('address_1', 'StockLocationAddress')).toEqual([]);
    expect(of('email', 'OrganisationEmail')).toEqual([]);
    expect(of('invitee_name')).toEqual(['name']);
    expect(of('sender_email')).toEqual(['email']);
  });

  it('keeps the reason of every decision', () => {
    const users = explainColumn({ table: 'public.users', identifier: 'name', declaredType: 'text' }, types);
    expect(users.hits[0].reason).toBe('"name" in a person table (user)');
    const token = explainColumn({ table: 'auth.users', identifier: 'email_change_token_new', declaredType: 'varchar(255)' }, types);
    expect(token.hits).toEqual([]);
    expect(token.ruledOut.join('; ')).toContain('("token")');
    const flag = explainColumn({ table: 'Customer', identifier: 'defaultShippingAddress', declaredType: 'boolean' }, types);
    expect(flag.ruledOut.join('; ')).toContain('declared boolean');
    const products = explainColumn({ table: 'public.products', identifier: 'name', declaredType: 'text' }, types);
    expect(products.ruledOut.join('; ')).toContain('counts only in a person table, not in public.products');
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
    expect(classifyIdentifier('sender_msisdn', 'text', types)).toEqual([{ type: 'phone-number', via: 'name', matched: ['msisdn'], reason: 'name "msisdn"' }]);
    expect(classifyIdentifier('peer', 'inet', types)).toEqual([{ type: 'ip-address', via: 'sql-type', matched: ['inet'], reason: 'SQL type inet' }]);
    expect(classifyIdentifier('phoneNumber', undefined, types)[0].matched).toEqual(['phone', 'number']);
  });

  it('reads extra types in the same shape (a policy extension)', () => {
    const extra = [...types, { id: 'iban', name: { en: 'IBAN' }, patterns: [['iban'], ['bank', 'account']], exclusions: [], sqlTypes: [], personal: true }];
    expect(classifyIdentifier('payout_iban', 'text', extra).map((h) => h.type)).toEqual(['iban']);
    expect(classifyIdentifier('bank_accounts', 'text[]', extra).map((h) => h.type)).toEqual(['iban']);
  });

  it('reads a session\'s agent, a person\'s location, commenters and creators, QQ handles, markdown and short codes by rule (tuning round 14)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.session', 'agent', 'varchar(255)')).toEqual(['user-agent']);
    expect(of('public.ip_history', 'agent')).toEqual(['user-agent']);
    expect(of('public.tickets', 'agent')).toEqual([]);
    expect(of('public.users', 'location')).toEqual(['postal-address']);
    expect(of('public.events', 'location')).toEqual([]);
    expect(of('public.commenters', 'name', 'text')).toEqual(['name']);
    expect(of('public.users', 'qq')).toEqual(['username']);
    expect(of('public.comments', 'markdown', 'text')).toEqual(['message-content']);
    expect(of('analytics', 'cc', 'Nullable(FixedString(2))')).toEqual([]);
    expect(of('public.users', 'country_name', 'char(2)')).toEqual([]);
    expect(explainColumn({ table: 'analytics', identifier: 'cc', declaredType: 'Nullable(FixedString(2))' }, types).ruledOut)
      .toContain('email: "cc" is declared 2 characters long, too short to hold an email');
  });

  it('reads a commenter\'s name, a login\'s time, chat addresses, billing states and a visitor\'s position by rule (tuning round 15)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.comments', 'name')).toEqual(['name']);
    expect(of('public.products', 'name')).toEqual([]);
    expect(of('public.users', 'last_login', 'varchar')).toEqual([]);
    expect(of('public.users', 'login')).toEqual(['username']);
    expect(of('public.groups', 'redirect_on_login')).toEqual([]);
    expect(of('public.groups', 'deletepost', 'varchar')).toEqual([]);
    expect(of('public.users', 'xmpp')).toEqual(['username']);
    expect(of('public.servers', 'xmpp')).toEqual([]);
    expect(of('public.orders', 'billing_state')).toEqual(['postal-address']);
    expect(of('public.orders', 'state')).toEqual([]);
    expect(of('public.sessions', 'latitude', 'double precision')).toEqual(['geolocation']);
    expect(of('public.gateways', 'latitude', 'double precision')).toEqual([]);
    expect(of('public.contacts', 'born_on', 'date')).toEqual(['date-of-birth']);
    expect(of('public.customers', 'telphone', 'varchar(32)')).toEqual(['phone-number']);
    expect(of('public.emails', 'sent_to')).toEqual(['email']);
    expect(of('public.users', 'realname')).toEqual(['name']);
    expect(of('public.users', 'avatar_crop')).toEqual([]);
    expect(explainColumn({ table: 'public.users', identifier: 'last_login', declaredType: 'varchar' }, types).ruledOut)
      .toContain('username: "last login" is not username');
  });

  it('reads family and emergency contacts, office lines, PIN codes, stored photos and shipping notes by rule (tuning round 16)', () => {
    const of = (table: string, column: string, declaredType = 'varchar'): string[] => classifyColumn({ table, identifier: column, declaredType }, types).map((h) => h.type);
    expect(of('public.employees', 'mother_name')).toEqual(['name']);
    expect(of('public.main_users', 'userfullname')).toEqual(['name']);
    expect(of('public.people', 'officialName')).toEqual(['name']);
    expect(of('public.organization', 'officialName')).toEqual([]);
    expect(of('public.employees', 'office_phone1')).toEqual(['phone-number']);
    expect(of('public.employees', 'office_address_line1')).toEqual([]);
    expect(of('public.employees', 'home_pin_code')).toEqual(['postal-address']);
    expect(of('public.cards', 'pin_code', 'varchar(4)')).toEqual([]);
    expect(of('public.employees', 'photo_data', 'bytea')).toEqual(['photo']);
    expect(of('public.products', 'photo_data', 'bytea')).toEqual([]);
    expect(of('public.orders', 'shipping_note', 'text')).toEqual(['message-content']);
    expect(of('public.spring_session', 'principal_name')).toEqual(['username']);
  });

  it('lets an extra type name the declared types that never hold it (not-sql-types)', () => {
    const extra = [...types, { id: 'iban', name: { en: 'IBAN' }, patterns: [['iban']], exclusions: [], sqlTypes: [], notSqlTypes: ['integer'], personal: true }];
    expect(classifyIdentifier('payout_iban', 'integer', extra).map((h) => h.type)).toEqual([]);
    expect(classifyIdentifier('payout_iban', 'text', extra).map((h) => h.type)).toEqual(['iban']);
  });

  it('survives hostile identifiers', () => {
    expect(classifyIdentifier('', undefined, types)).toEqual([]);
    expect(classifyIdentifier('\uFFFD\uFFFD', 'text', types)).toEqual([]);
    expect(classifyIdentifier('a'.repeat(100000), 'text', types)).toEqual([]);
  });
});
