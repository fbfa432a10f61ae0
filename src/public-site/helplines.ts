// The helplines the public site shows. This is the UK demo configuration: a deployment in another
// country replaces the numbers here (the wording of each comes from the locale files by its key).
export interface Helpline {
  /** Locale keys helplines.<key>.name and helplines.<key>.what */
  key: 'emergency' | 'missing' | 'runaway' | 'childline';
  /** As printed. */
  number: string;
  /** tel: and sms: targets, digits only. */
  call: string;
  text?: string;
}

export const HELPLINES: readonly Helpline[] = [
  { key: 'emergency', number: '999', call: '999' },
  { key: 'missing', number: '116 000', call: '116000', text: '116000' },
  { key: 'runaway', number: '116 000', call: '116000', text: '116000' },
  { key: 'childline', number: '0800 1111', call: '08001111' },
];

export function helpline(key: Helpline['key']): Helpline {
  return HELPLINES.find((line) => line.key === key)!;
}
