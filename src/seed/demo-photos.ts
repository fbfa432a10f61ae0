// Generated pictures of the demo children: a friendly illustrated head and shoulders drawn as SVG, with the
// child's initials and a "DEMO" label, rendered to JPEG by sharp. No photo of a real child is ever used.
import sharp from 'sharp';

export const AVATAR_WIDTH = 600;
export const AVATAR_HEIGHT = 750;

export type SkinTone = 'fair' | 'light' | 'olive' | 'tan' | 'brown' | 'dark';
export type HairStyle = 'short' | 'buzz' | 'curly' | 'long' | 'ponytail' | 'bun' | 'bob';

export interface AvatarLooks {
  skinTone: SkinTone;
  hairStyle: HairStyle;
  /** The colour of the top they were last seen in, as CSS hex. */
  topColour: string;
  /** Frame colour of their glasses, if they wear any. */
  glasses?: string;
  freckles?: boolean;
}

export interface AvatarSubject {
  givenNames: string;
  familyName: string;
  /** As written in the description ("dark brown", "strawberry blonde"). */
  hairColour: string;
  eyeColour: string;
  looks: AvatarLooks;
}

const SKIN: Record<SkinTone, string> = {
  fair: '#f7dccb',
  light: '#efc4a3',
  olive: '#d8a878',
  tan: '#c38a5c',
  brown: '#a06840',
  dark: '#6f4429',
};

// First match wins, so "dark brown" is tested before "brown" and "strawberry blonde" before "blonde".
const HAIR_SHADES: [RegExp, string][] = [
  [/black/, '#1e1a18'],
  [/dark brown/, '#3a2417'],
  [/light brown|mousy/, '#8b6241'],
  [/strawberry/, '#c98a55'],
  [/auburn|ginger|red/, '#9c4220'],
  [/blond|fair/, '#d9b868'],
  [/grey|gray|silver/, '#9a9a9a'],
  [/brown/, '#5b3a23'],
];

const EYE_SHADES: [RegExp, string][] = [
  [/dark brown/, '#3b2414'],
  [/hazel/, '#7a6635'],
  [/green/, '#4d7a48'],
  [/blue/, '#4677b0'],
  [/grey|gray/, '#74828f'],
  [/brown/, '#5c3a20'],
];

const BACKGROUNDS = ['#dcecf7', '#f6e3d3', '#e4f1de', '#efe2f4', '#f8efcf', '#dff0ee'];

function shadeFor(description: string, shades: [RegExp, string][], fallback: string): string {
  const text = description.toLowerCase();
  return shades.find(([pattern]) => pattern.test(text))?.[1] ?? fallback;
}

/** A colour mixed towards black by `amount` (0 to 1), for shadows and outlines. */
function darker(hex: string, amount: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((value >> shift) & 0xff) * (1 - amount));
  return `#${[16, 8, 0].map((shift) => channel(shift).toString(16).padStart(2, '0')).join('')}`;
}

function isLight(hex: string): boolean {
  const value = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
  return 0.299 * r + 0.587 * g + 0.114 * b > 150;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function initialsOf(givenNames: string, familyName: string): string {
  const first = (name: string) => Array.from(name.trim())[0]?.toLocaleUpperCase('en-GB') ?? '';
  return `${first(givenNames)}${first(familyName)}`;
}

// The head is an ellipse centred at (300, 330), 250 wide and 300 tall.
const HAIR_CAP = 'M172,345 C162,205 228,158 300,158 C372,158 438,205 428,345 C418,272 382,236 300,232 C218,236 182,272 172,345 Z';
const CROPPED_CAP = 'M178,318 C176,212 236,178 300,178 C364,178 424,212 422,318 C410,262 372,228 300,224 C228,228 190,262 178,318 Z';

/** Hair drawn behind the head (falling to the shoulders), and in front of it (the cap and fringe). */
function hairLayers(style: HairStyle, colour: string): { behind: string; front: string } {
  const fill = `fill="${colour}"`;
  switch (style) {
    case 'buzz':
      return { behind: '', front: `<path d="${CROPPED_CAP}" ${fill} opacity="0.85"/>` };
    case 'short':
      return { behind: '', front: `<path d="${HAIR_CAP}" ${fill}/>` };
    case 'curly': {
      const curls = Array.from({ length: 11 }, (_, i) => {
        const angle = Math.PI * (1.05 + (0.9 * i) / 10);
        return `<circle cx="${(300 + 140 * Math.cos(angle)).toFixed(1)}" cy="${(300 + 150 * Math.sin(angle)).toFixed(1)}" r="46" ${fill}/>`;
      }).join('');
      return { behind: `<ellipse cx="300" cy="290" rx="170" ry="165" ${fill}/>`, front: `${curls}<path d="${HAIR_CAP}" ${fill}/>` };
    }
    case 'long':
      return {
        behind: `<path d="M166,320 C150,175 232,146 300,146 C368,146 450,175 434,320 L462,585 C410,612 190,612 138,585 Z" ${fill}/>`,
        front: `<path d="${HAIR_CAP}" ${fill}/>`,
      };
    case 'bob':
      return {
        behind: `<path d="M160,330 C150,180 232,150 300,150 C368,150 450,180 440,330 L446,470 C400,492 200,492 154,470 Z" ${fill}/>`,
        front: `<path d="M172,330 C166,205 228,160 300,160 C372,160 434,205 428,330 C426,290 420,268 412,262 L188,262 C180,268 174,290 172,330 Z" ${fill}/>`,
      };
    case 'ponytail':
      return {
        behind: `<path d="M400,215 C478,225 500,330 470,440 C462,470 440,470 446,430 C460,350 440,280 392,250 Z" ${fill}/>`,
        front: `<path d="${HAIR_CAP}" ${fill}/><circle cx="415" cy="235" r="14" fill="#e0457b"/>`,
      };
    case 'bun':
      return {
        behind: `<circle cx="300" cy="150" r="52" ${fill}/>`,
        front: `<path d="${HAIR_CAP}" ${fill}/><rect x="262" y="180" width="76" height="12" rx="6" fill="#3d7fd6"/>`,
      };
  }
}

/** The SVG drawing of one child, 600 × 750. */
export function avatarSvg(subject: AvatarSubject): string {
  const { looks } = subject;
  const skin = SKIN[looks.skinTone];
  const skinShadow = darker(skin, 0.12);
  const hair = shadeFor(subject.hairColour, HAIR_SHADES, '#3a2417');
  const iris = shadeFor(subject.eyeColour, EYE_SHADES, '#5c3a20');
  const initials = escapeXml(initialsOf(subject.givenNames, subject.familyName));
  const background = BACKGROUNDS[(initials.codePointAt(0) ?? 0) % BACKGROUNDS.length]!;
  const { behind, front } = hairLayers(looks.hairStyle, hair);
  const brow = darker(hair, 0.1);
  const eye = (cx: number) =>
    `<ellipse cx="${cx}" cy="345" rx="24" ry="17" fill="#ffffff"/><circle cx="${cx}" cy="346" r="12" fill="${iris}"/>` +
    `<circle cx="${cx}" cy="346" r="6" fill="#111111"/><circle cx="${cx + 4}" cy="341" r="3.5" fill="#ffffff"/>`;
  const freckles = looks.freckles
    ? [
        [262, 385],
        [274, 396],
        [250, 397],
        [338, 385],
        [326, 396],
        [350, 397],
        [288, 376],
        [312, 376],
      ]
        .map(([x, y]) => `<circle cx="${x}" cy="${y}" r="3" fill="${darker(skin, 0.3)}" opacity="0.7"/>`)
        .join('')
    : '';
  const glasses = looks.glasses
    ? `<g fill="none" stroke="${looks.glasses}" stroke-width="6"><rect x="212" y="318" width="76" height="56" rx="18"/>` +
      `<rect x="312" y="318" width="76" height="56" rx="18"/><path d="M288,340 Q300,330 312,340"/><path d="M212,336 L180,328"/><path d="M388,336 L420,328"/></g>`
    : '';
  const lettering = isLight(looks.topColour) ? '#333333' : '#ffffff';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${AVATAR_WIDTH}" height="${AVATAR_HEIGHT}" viewBox="0 0 ${AVATAR_WIDTH} ${AVATAR_HEIGHT}">
  <rect width="600" height="750" fill="${background}"/>
  <circle cx="520" cy="690" r="150" fill="#ffffff" opacity="0.35"/>
  <circle cx="70" cy="140" r="90" fill="#ffffff" opacity="0.35"/>
  <path d="M48,750 C58,610 170,560 300,560 C430,560 542,610 552,750 Z" fill="${looks.topColour}"/>
  ${behind}
  <path d="M255,430 L345,430 L350,560 C330,600 270,600 250,560 Z" fill="${skinShadow}"/>
  <path d="M230,560 Q300,625 370,560" fill="none" stroke="${darker(looks.topColour, 0.25)}" stroke-width="10"/>
  <ellipse cx="176" cy="345" rx="24" ry="36" fill="${skinShadow}"/>
  <ellipse cx="424" cy="345" rx="24" ry="36" fill="${skinShadow}"/>
  <ellipse cx="300" cy="330" rx="125" ry="150" fill="${skin}"/>
  ${front}
  <path d="M222,306 Q250,290 278,302" fill="none" stroke="${brow}" stroke-width="8" stroke-linecap="round"/>
  <path d="M322,302 Q350,290 378,306" fill="none" stroke="${brow}" stroke-width="8" stroke-linecap="round"/>
  ${eye(250)}${eye(350)}
  <path d="M300,360 Q290,392 300,398 Q306,400 312,396" fill="none" stroke="${darker(skin, 0.25)}" stroke-width="5" stroke-linecap="round"/>
  <ellipse cx="226" cy="408" rx="24" ry="14" fill="#e86a6a" opacity="0.25"/>
  <ellipse cx="374" cy="408" rx="24" ry="14" fill="#e86a6a" opacity="0.25"/>
  ${freckles}
  <path d="M262,424 Q300,458 338,424" fill="none" stroke="#8a3b2b" stroke-width="7" stroke-linecap="round"/>
  ${glasses}
  <text x="300" y="712" text-anchor="middle" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="bold" font-size="64" fill="${lettering}" opacity="0.9">${initials}</text>
  <rect x="24" y="24" width="132" height="48" rx="10" fill="#b3261e"/>
  <text x="90" y="58" text-anchor="middle" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-weight="bold" font-size="28" fill="#ffffff" letter-spacing="3">DEMO</text>
</svg>`;
}

/** The drawing as a JPEG, as a member of staff would upload a photo. */
export function renderAvatarJpeg(subject: AvatarSubject): Promise<Buffer> {
  return sharp(Buffer.from(avatarSvg(subject)))
    .jpeg({ quality: 90 })
    .toBuffer();
}
