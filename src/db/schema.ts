// Generated from the migrated schema by `npm run db:types` (src/db/schema-types.ts): do not edit by hand.
// Queries type their rows from these, e.g. `Row<'cases', 'id' | 'reference'>`, so a column a migration
// renames or drops breaks the build wherever it is still named.

export interface Tables {
  account_links: {
    created_at: Date;
    expires_at: Date;
    id: string;
    purpose: string;
    secret_hash: string;
    used_at: Date | null;
    user_id: string;
  };
  alert_area_ranges: {
    alert_id: string;
    high: bigint;
    low: bigint;
  };
  alert_changes: {
    alert_id: string;
    area: unknown;
    area_description: string | null;
    contents: unknown;
    decided_at: Date | null;
    decided_by: string | null;
    decision_note: string | null;
    id: string;
    note: string;
    photo_ids: string[] | null;
    requested_at: Date;
    requested_by: string;
    state: string;
  };
  alert_contents: {
    alert_id: string;
    broadcast_text: string;
    contact: string;
    description: string;
    headline: string;
    instruction: string;
    language: string;
    position: number;
    sms_text: string;
  };
  alert_messages: {
    alert_id: string;
    cap_status: string;
    id: string;
    identifier: string;
    msg_type: string;
    note: string | null;
    references_text: string | null;
    sender: string;
    sent: Date;
    sent_by: string | null;
    seq: number;
    xml: string;
  };
  alert_photos: {
    alert_id: string;
    photo_id: string;
    position: number;
    public_bytes: number | null;
    public_key: string | null;
    public_sha1: string | null;
  };
  alert_reissue_schedules: {
    alert_id: string;
    created_at: Date;
    created_by: string;
    every_minutes: number;
    issues_done: number;
    next_at: Date;
    stopped_at: Date | null;
    until_at: Date;
  };
  alert_templates: {
    contact: string;
    created_at: Date;
    created_by: string;
    id: string;
    instruction: string;
    language: string;
    name: string;
    organisation_id: string;
  };
  alerts: {
    approved_at: Date | null;
    approved_by: string | null;
    area: unknown;
    area_description: string;
    cap_status: string;
    case_id: string;
    contributors: string[];
    created_at: Date;
    created_by: string;
    criteria: unknown;
    decision_note: string | null;
    expires_at: Date | null;
    expiry_warned_at: Date | null;
    id: string;
    jurisdiction_id: string;
    last_seen_at: Date;
    last_seen_lat: number;
    last_seen_lon: number;
    last_seen_place: string;
    owning_organisation_id: string;
    requested_at: Date | null;
    requested_by: string | null;
    slug: string;
    state: string;
    suspect: string;
    updated_at: Date;
    vehicle: string;
    version: number;
    withdrawal_reason: string | null;
    withdrawn_at: Date | null;
    withdrawn_by: string | null;
  };
  api_tokens: {
    created_at: Date;
    id: string;
    last_used_at: Date | null;
    name: string;
    revoked_at: Date | null;
    token_hash: string;
    user_id: string;
  };
  audit_log: {
    action: string;
    actor: string;
    actor_id: string | null;
    at: Date;
    details: unknown;
    hash: string;
    ip: string | null;
    prev_hash: string;
    reason: string | null;
    seq: number;
    subject_id: string | null;
    subject_type: string;
  };
  case_shares: {
    case_id: string;
    organisation_id: string;
    reason: string;
    revoked_at: Date | null;
    shared_at: Date;
    shared_by: string;
  };
  cases: {
    child_id: string;
    circumstances: string;
    closed_at: Date | null;
    clothing: string;
    created_at: Date;
    created_by: string;
    exercise: boolean;
    id: string;
    jurisdiction_id: string;
    last_seen_at: Date;
    last_seen_lat: number;
    last_seen_lon: number;
    last_seen_place: string;
    outcome: string | null;
    outcome_notes: string | null;
    owning_organisation_id: string;
    reference: string;
    reported_at: Date;
    risk_level: string | null;
    sensitive: boolean;
    status: string;
    suspect: string;
    updated_at: Date;
    vehicle: string;
    version: number;
  };
  child_merges: {
    case_ids: string[];
    child_id: string;
    child_snapshot: unknown;
    id: string;
    into_child_id: string;
    into_child_snapshot: unknown;
    merged_at: Date;
    merged_by: string;
    photo_ids: string[];
    reason: string;
    undo_reason: string | null;
    undone_at: Date | null;
    undone_by: string | null;
  };
  child_name_keys: {
    child_id: string;
    id: number;
    keys: string[];
    keys_version: number;
    name: string;
    name_kind: string;
    name_latin: string;
  };
  children: {
    aliases: string[];
    build: string | null;
    created_at: Date;
    date_of_birth: string | null;
    distinguishing_marks: string | null;
    estimated_age: number | null;
    eye_colour: string | null;
    family_name: string;
    given_names: string;
    hair_colour: string | null;
    height_cm: number | null;
    id: string;
    known_as: string | null;
    languages: string[];
    merged_into: string | null;
    sex: string;
    updated_at: Date;
  };
  deliveries: {
    alert_id: string | null;
    attempts: number;
    channel: string;
    created_at: Date;
    delivered_at: Date | null;
    delivery_key: string | null;
    due_at: Date;
    id: number;
    issue: number;
    last_error: string | null;
    leased_until: Date | null;
    message_id: string | null;
    notice: string;
    payload: unknown;
    provider_ref: string | null;
    sent_at: Date | null;
    state: string;
    subscriber_id: string | null;
  };
  delivery_seconds: {
    alert_id: string;
    channel: string;
    n: number;
    notice: string;
    second: Date;
    slot: number;
  };
  delivery_tallies: {
    alert_id: string;
    channel: string;
    first_sent_at: Date | null;
    last_sent_at: Date | null;
    n: number;
    notice: string;
    slot: number;
    state: string;
  };
  dev_inbox: {
    address: string;
    body: string;
    channel: string;
    created_at: Date;
    delivery_id: number | null;
    id: number;
    subject: string | null;
  };
  dispatch_jobs: {
    alert_id: string;
    attempts: number;
    audience: string;
    channels: string[];
    created_at: Date;
    finished_at: Date | null;
    id: number;
    issue: number;
    last_error: string | null;
    leased_until: Date | null;
    message_id: string;
    notice: string;
    range_cursor: bigint | null;
    run_after: Date;
    started_at: Date | null;
    state: string;
    targeted: number;
  };
  gazetteer_places: {
    alias_of: number | null;
    area: string | null;
    country: string | null;
    id: number;
    kind: string;
    lat: number;
    lon: number;
    name: string;
    population: number | null;
    search_key: string;
    source: string;
  };
  gazetteer_sources: {
    loaded_at: Date;
    places: number;
    source: string;
    version: string;
  };
  instance_keys: {
    created_at: Date;
    name: string;
    value: unknown;
  };
  intake_allowance_uses: {
    address_key: string;
    form: string;
    id: number;
    network_key: string;
    used_at: Date;
    without_pow: boolean;
  };
  jurisdictions: {
    bbox: number[];
    code: string;
    created_at: Date;
    geometry: unknown;
    id: string;
    kind: string;
    name: string;
    parent_id: string | null;
    source: string | null;
    updated_at: Date | null;
  };
  organisation_jurisdictions: {
    jurisdiction_id: string;
    organisation_id: string;
  };
  organisations: {
    code: string;
    created_at: Date;
    id: string;
    kind: string;
    name: string;
    updated_at: Date | null;
  };
  photos: {
    caption: string;
    case_id: string | null;
    child_id: string;
    created_at: Date;
    height: number;
    id: string;
    removed_at: Date | null;
    uploaded_by: string;
    variants: unknown;
    width: number;
  };
  pow_challenges: {
    difficulty: number;
    expires_at: Date;
    id: string;
    used_at: Date | null;
  };
  public_submissions: {
    alert_id: string | null;
    category: string | null;
    cluster_id: string | null;
    contact_email: string | null;
    contact_name: string | null;
    contact_phone: string | null;
    description: string;
    details: unknown;
    exercise: boolean;
    id: string;
    idempotency_key: string;
    jurisdiction_id: string | null;
    kind: string;
    lat: number | null;
    lon: number | null;
    place_text: string | null;
    priority: number;
    queue: string;
    received_at: Date;
    reference: string;
    seen_at: Date | null;
    status: string;
    updated_at: Date;
  };
  risk_answers: {
    answer: string;
    answered_at: Date;
    case_id: string;
    detail: string;
    id: string;
    question: string;
    recorded_at: Date;
    recorded_by: string;
    source: string;
  };
  risk_gradings: {
    case_id: string;
    graded_at: Date;
    graded_by: string;
    id: string;
    level: string;
    rationale: string;
    suggested_level: string;
  };
  schema_migrations: {
    applied_at: Date;
    checksum: string;
    version: string;
  };
  screens: {
    cells: bigint[];
    created_at: Date;
    created_by: string;
    id: string;
    include_exercises: boolean;
    language: string;
    last_seen_at: Date | null;
    name: string;
    organisation_id: string;
    revoked_at: Date | null;
    token_hash: string;
  };
  sessions: {
    created_at: Date;
    csrf_token: string;
    ended_at: Date | null;
    expires_at: Date;
    failed_codes: number;
    id: string;
    ip: string | null;
    last_seen_at: Date;
    second_factor_at: Date | null;
    stage: string;
    user_id: string;
  };
  sign_in_backoff: {
    failures: number;
    key_hash: string;
    last_failed_at: Date;
    scope: string;
    wait_until: Date;
  };
  staff_notifications: {
    created_at: Date;
    id: string;
    jurisdiction_id: string | null;
    kind: string;
    message: string;
    roles: string[];
    subject_id: string;
    subject_type: string;
  };
  submission_attachments: {
    bytes: number;
    content_type: string;
    created_at: Date;
    id: string;
    media_key: string;
    sha256: string;
    submission_id: string;
  };
  submission_notes: {
    created_at: Date;
    id: number;
    note: string;
    queue: string | null;
    status: string | null;
    submission_id: string;
    user_id: string;
  };
  subscriber_cells: {
    cell: bigint;
    subscriber_id: string;
  };
  subscriber_channels: {
    address: string;
    channel: string;
    confirm_attempts: number;
    confirm_expires_at: Date | null;
    confirm_hash: string | null;
    confirmed_at: Date | null;
    created_at: Date;
    previous_secret_until: Date | null;
    previous_webhook_secret: string | null;
    push_auth: string | null;
    push_p256dh: string | null;
    subscriber_id: string;
    webhook_secret: string | null;
  };
  subscribers: {
    created_at: Date;
    external_ref: string | null;
    id: string;
    include_exercises: boolean;
    label: string | null;
    language: string;
    organisation_id: string | null;
    updated_at: Date;
  };
  users: {
    awaiting_password: boolean;
    created_at: Date;
    disabled_at: Date | null;
    email: string;
    failed_sign_ins: number;
    id: string;
    locked_until: Date | null;
    name: string;
    organisation_id: string;
    password_hash: string;
    role: string;
    totp_enabled: boolean;
    totp_enrolment_required: boolean;
    totp_last_step: number;
    totp_pending_secret: string | null;
    totp_pending_until: Date | null;
    totp_secret: string | null;
  };
}

export type TableName = keyof Tables;

/** Some columns of a table's row (all of them without a second argument). */
export type Row<T extends TableName, K extends keyof Tables[T] = keyof Tables[T]> = Pick<Tables[T], K>;
