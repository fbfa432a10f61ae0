// Console strings: one namespace per domain folder, web/src/<domain>/locales/<lang>.json (the shell's
// own strings in web/src/app/locales). A test checks every language has every key English has.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const CONSOLE_LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ar'] as const;
export const LANGUAGE_NAMES: Record<string, string> = { en: 'English', cy: 'Cymraeg', pl: 'Polski', ro: 'Română', ar: 'العربية' };
const RIGHT_TO_LEFT = new Set(['ar']);

const files = import.meta.glob<{ default: Record<string, unknown> }>('/src/*/locales/*.json', { eager: true });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [file, module] of Object.entries(files)) {
  const match = /\/src\/([^/]+)\/locales\/([^/]+)\.json$/.exec(file);
  if (!match) continue;
  const [, namespace, language] = match as unknown as [string, string, string];
  (resources[language] ??= {})[namespace] = module.default;
}

function initialLanguage(): string {
  const saved = localStorage.getItem('fmn-console-lang');
  if (saved && (CONSOLE_LANGUAGES as readonly string[]).includes(saved)) return saved;
  for (const tag of navigator.languages) {
    const primary = tag.split('-')[0]!.toLowerCase();
    if ((CONSOLE_LANGUAGES as readonly string[]).includes(primary)) return primary;
  }
  return 'en';
}

export function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}

export function changeLanguage(language: string): void {
  localStorage.setItem('fmn-console-lang', language);
  void i18next.changeLanguage(language);
  applyDocumentLanguage(language);
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'en',
  ns: Object.keys(resources.en ?? {}),
  defaultNS: 'app',
  interpolation: { escapeValue: false },
  returnNull: false,
  // Resources are bundled, so initialise at once: the first render already has its strings.
  initAsync: false,
});
applyDocumentLanguage(i18next.language);

export default i18next;
