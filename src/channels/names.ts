// The delivery channels by name: pure, so the staff console can import the same list.
export const CHANNELS = ['email', 'sms', 'push', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];
