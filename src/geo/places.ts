// A small built-in gazetteer of UK towns and cities, so that someone signing up can type "Oxford" instead
// of sharing where they are. Positions are approximate town centres (to about a kilometre), which is all
// a coarse alert cell needs. It also names stored cells back ("area near Oxford") on the manage page,
// since only cells are kept, never the place typed.
import { cellToLatLng } from 'h3-js';
import { normalisePlaceName } from './place-names.ts';

export interface Place {
  name: string;
  /** County, region or nation: tells apart places with the same name. */
  area: string;
  lon: number;
  lat: number;
  /** Other names people type: the Welsh or Irish name, a short form. */
  aliases?: readonly string[];
}

type Row = [name: string, area: string, lon: number, lat: number, aliases?: string[]];

const ROWS: Row[] = [
  // England
  ['London', 'Greater London', -0.1276, 51.5072],
  ['Richmond', 'Greater London', -0.3037, 51.4613],
  ['Croydon', 'Greater London', -0.0982, 51.3762],
  ['Birmingham', 'West Midlands', -1.8904, 52.4862],
  ['Coventry', 'West Midlands', -1.5197, 52.4068],
  ['Wolverhampton', 'West Midlands', -2.1288, 52.587],
  ['Manchester', 'Greater Manchester', -2.2426, 53.4808],
  ['Bolton', 'Greater Manchester', -2.4282, 53.5769],
  ['Wigan', 'Greater Manchester', -2.6325, 53.545],
  ['Stockport', 'Greater Manchester', -2.1575, 53.4106],
  ['Oldham', 'Greater Manchester', -2.1183, 53.5409],
  ['Liverpool', 'Merseyside', -2.9916, 53.4084],
  ['Leeds', 'West Yorkshire', -1.5491, 53.8008],
  ['Bradford', 'West Yorkshire', -1.7594, 53.796],
  ['Huddersfield', 'West Yorkshire', -1.785, 53.6458],
  ['Wakefield', 'West Yorkshire', -1.4977, 53.6833],
  ['Sheffield', 'South Yorkshire', -1.4701, 53.3811],
  ['Doncaster', 'South Yorkshire', -1.1283, 53.5228],
  ['Barnsley', 'South Yorkshire', -1.4797, 53.5526],
  ['Rotherham', 'South Yorkshire', -1.3568, 53.4326],
  ['York', 'North Yorkshire', -1.0815, 53.96],
  ['Harrogate', 'North Yorkshire', -1.5373, 53.9921],
  ['Scarborough', 'North Yorkshire', -0.4049, 54.2831],
  ['Whitby', 'North Yorkshire', -0.6148, 54.4858],
  ['Richmond', 'North Yorkshire', -1.737, 54.403],
  ['Middlesbrough', 'North Yorkshire', -1.2348, 54.5742],
  ['Kingston upon Hull', 'East Riding of Yorkshire', -0.3367, 53.7676, ['Hull']],
  ['Grimsby', 'Lincolnshire', -0.0754, 53.5654],
  ['Lincoln', 'Lincolnshire', -0.5376, 53.2307],
  ['Boston', 'Lincolnshire', -0.0266, 52.9789],
  ['Newcastle upon Tyne', 'Tyne and Wear', -1.6178, 54.9783, ['Newcastle']],
  ['Sunderland', 'Tyne and Wear', -1.3822, 54.9069],
  ['Durham', 'County Durham', -1.5849, 54.7753],
  ['Carlisle', 'Cumbria', -2.9329, 54.8925],
  ['Kendal', 'Cumbria', -2.7463, 54.328],
  ['Barrow-in-Furness', 'Cumbria', -3.227, 54.1108],
  ['Lancaster', 'Lancashire', -2.8007, 54.0466],
  ['Preston', 'Lancashire', -2.7035, 53.7632],
  ['Blackpool', 'Lancashire', -3.0357, 53.8175],
  ['Blackburn', 'Lancashire', -2.4833, 53.75],
  ['Warrington', 'Cheshire', -2.597, 53.39],
  ['Chester', 'Cheshire', -2.8931, 53.1934],
  ['Stoke-on-Trent', 'Staffordshire', -2.1794, 53.0027],
  ['Stafford', 'Staffordshire', -2.1169, 52.8066],
  ['Derby', 'Derbyshire', -1.4746, 52.9225],
  ['Chesterfield', 'Derbyshire', -1.4216, 53.235],
  ['Nottingham', 'Nottinghamshire', -1.1581, 52.9548],
  ['Mansfield', 'Nottinghamshire', -1.1983, 53.1472],
  ['Leicester', 'Leicestershire', -1.1398, 52.6369],
  ['Northampton', 'Northamptonshire', -0.8901, 52.2405],
  ['Peterborough', 'Cambridgeshire', -0.2402, 52.5695],
  ['Cambridge', 'Cambridgeshire', 0.1218, 52.2053],
  ['Norwich', 'Norfolk', 1.2974, 52.6309],
  ["King's Lynn", 'Norfolk', 0.3957, 52.7517],
  ['Great Yarmouth', 'Norfolk', 1.7302, 52.6083],
  ['Ipswich', 'Suffolk', 1.1555, 52.0567],
  ['Colchester', 'Essex', 0.9014, 51.8959],
  ['Chelmsford', 'Essex', 0.4691, 51.7356],
  ['Southend-on-Sea', 'Essex', 0.7105, 51.5459],
  ['Luton', 'Bedfordshire', -0.42, 51.8787],
  ['Bedford', 'Bedfordshire', -0.4668, 52.1356],
  ['Watford', 'Hertfordshire', -0.396, 51.6565],
  ['St Albans', 'Hertfordshire', -0.3362, 51.7527],
  ['Stevenage', 'Hertfordshire', -0.2023, 51.9038],
  ['Aylesbury', 'Buckinghamshire', -0.8139, 51.8156],
  ['Bicester', 'Oxfordshire', -1.153, 51.899],
  ['Witney', 'Oxfordshire', -1.485, 51.785],
  ['Abingdon', 'Oxfordshire', -1.282, 51.671],
  ['Didcot', 'Oxfordshire', -1.242, 51.606],
  ['Henley-on-Thames', 'Oxfordshire', -0.903, 51.536],
  ['Maidenhead', 'Berkshire', -0.719, 51.522],
  ['Windsor', 'Berkshire', -0.604, 51.483],
  ['Bracknell', 'Berkshire', -0.75, 51.416],
  ['Wokingham', 'Berkshire', -0.835, 51.411],
  ['Newbury', 'Berkshire', -1.3233, 51.4014],
  ['Stratford-upon-Avon', 'Warwickshire', -1.7082, 52.1917],
  ['Warwick', 'Warwickshire', -1.584, 52.282],
  ['Worcester', 'Worcestershire', -2.22, 52.192],
  ['Hereford', 'Herefordshire', -2.716, 52.0565],
  ['Shrewsbury', 'Shropshire', -2.754, 52.7073],
  ['Telford', 'Shropshire', -2.449, 52.6766],
  ['Newport', 'Shropshire', -2.377, 52.7687],
  ['Gloucester', 'Gloucestershire', -2.2431, 51.8642],
  ['Cheltenham', 'Gloucestershire', -2.0783, 51.8994],
  ['Bristol', 'Bristol', -2.5879, 51.4545],
  ['Bath', 'Somerset', -2.3597, 51.3811],
  ['Taunton', 'Somerset', -3.1035, 51.015],
  ['Yeovil', 'Somerset', -2.633, 50.9421],
  ['Swindon', 'Wiltshire', -1.7797, 51.5558],
  ['Salisbury', 'Wiltshire', -1.7945, 51.0688],
  ['Bournemouth', 'Dorset', -1.8795, 50.7192],
  ['Poole', 'Dorset', -1.9872, 50.715],
  ['Exeter', 'Devon', -3.5339, 50.7184],
  ['Plymouth', 'Devon', -4.1427, 50.3755],
  ['Torquay', 'Devon', -3.5253, 50.4619],
  ['Truro', 'Cornwall', -5.051, 50.2632],
  ['Southampton', 'Hampshire', -1.4044, 50.9097],
  ['Portsmouth', 'Hampshire', -1.088, 50.8198],
  ['Winchester', 'Hampshire', -1.308, 51.0632],
  ['Basingstoke', 'Hampshire', -1.0873, 51.2665],
  ['Newport', 'Isle of Wight', -1.2985, 50.7008],
  ['Guildford', 'Surrey', -0.5704, 51.2362],
  ['Woking', 'Surrey', -0.558, 51.319],
  ['Crawley', 'West Sussex', -0.1872, 51.1091],
  ['Worthing', 'West Sussex', -0.3719, 50.8179],
  ['Chichester', 'West Sussex', -0.78, 50.8365],
  ['Brighton', 'East Sussex', -0.1372, 50.8225],
  ['Eastbourne', 'East Sussex', 0.284, 50.7684],
  ['Hastings', 'East Sussex', 0.5729, 50.8543],
  ['Maidstone', 'Kent', 0.5228, 51.2704],
  ['Canterbury', 'Kent', 1.0787, 51.2802],
  ['Dover', 'Kent', 1.3134, 51.1279],
  ['Margate', 'Kent', 1.3862, 51.3813],
  // Wales
  ['Cardiff', 'Wales', -3.1791, 51.4816, ['Caerdydd']],
  ['Swansea', 'Wales', -3.9436, 51.6214, ['Abertawe']],
  ['Newport', 'Wales', -2.9984, 51.5842, ['Casnewydd']],
  ['Wrexham', 'Wales', -2.9916, 53.0466, ['Wrecsam']],
  ['Bangor', 'Gwynedd', -4.1293, 53.2274],
  ['Caernarfon', 'Gwynedd', -4.2757, 53.1398],
  ['Llandudno', 'Conwy', -3.8274, 53.3241],
  ['Rhyl', 'Denbighshire', -3.4915, 53.3193, ['Y Rhyl']],
  ['Llanelli', 'Carmarthenshire', -4.1626, 51.684],
  ['Ammanford', 'Carmarthenshire', -3.988, 51.793, ['Rhydaman']],
  ['Llandovery', 'Carmarthenshire', -3.795, 51.995, ['Llanymddyfri']],
  ['Merthyr Tydfil', 'Wales', -3.378, 51.7487, ['Merthyr Tudful']],
  ['Pontypridd', 'Wales', -3.342, 51.602],
  ['Bridgend', 'Wales', -3.5774, 51.5043, ['Pen-y-bont ar Ogwr']],
  ['Neath', 'Wales', -3.804, 51.663, ['Castell-nedd']],
  ['Cardigan', 'Ceredigion', -4.6599, 52.0837, ['Aberteifi']],
  ['Aberaeron', 'Ceredigion', -4.259, 52.243],
  ['Lampeter', 'Ceredigion', -4.08, 52.114, ['Llanbedr Pont Steffan']],
  ['Pembroke', 'Pembrokeshire', -4.916, 51.674, ['Penfro']],
  ['Milford Haven', 'Pembrokeshire', -5.034, 51.714, ['Aberdaugleddau']],
  ['Fishguard', 'Pembrokeshire', -4.977, 51.994, ['Abergwaun']],
  ['Tenby', 'Pembrokeshire', -4.7, 51.673, ['Dinbych-y-pysgod']],
  ['Builth Wells', 'Powys', -3.402, 52.15, ['Llanfair-ym-Muallt']],
  ['Welshpool', 'Powys', -3.147, 52.66, ['Y Trallwng']],
  ['Machynlleth', 'Powys', -3.853, 52.591],
  ['Llanidloes', 'Powys', -3.539, 52.449],
  // Scotland
  ['Edinburgh', 'Scotland', -3.1883, 55.9533, ['Dùn Èideann']],
  ['Glasgow', 'Scotland', -4.2518, 55.8642, ['Glaschu']],
  ['Aberdeen', 'Scotland', -2.0943, 57.1497],
  ['Dundee', 'Scotland', -2.9707, 56.462],
  ['Inverness', 'Scotland', -4.2247, 57.4778],
  ['Perth', 'Scotland', -3.437, 56.395],
  ['Stirling', 'Scotland', -3.9369, 56.1165],
  ['Falkirk', 'Scotland', -3.7839, 56.0019],
  ['Paisley', 'Scotland', -4.424, 55.8456],
  ['Kilmarnock', 'Scotland', -4.4957, 55.6111],
  ['Ayr', 'Scotland', -4.629, 55.4586],
  ['Dumfries', 'Scotland', -3.605, 55.07],
  ['Fort William', 'Scotland', -5.105, 56.8198],
  ['Oban', 'Scotland', -5.472, 56.415],
  ['Elgin', 'Scotland', -3.318, 57.649],
  ['Stornoway', 'Scotland', -6.387, 58.209, ['Steòrnabhagh']],
  ['Kirkwall', 'Orkney', -2.96, 58.981],
  ['Lerwick', 'Shetland', -1.145, 60.155],
  // Northern Ireland
  ['Belfast', 'Northern Ireland', -5.9301, 54.5973, ['Béal Feirste']],
  ['Derry', 'Northern Ireland', -7.3086, 54.9966, ['Londonderry']],
  ['Lisburn', 'Northern Ireland', -6.035, 54.516],
  ['Bangor', 'County Down', -5.6683, 54.6536],
  ['Newry', 'Northern Ireland', -6.337, 54.175],
  ['Armagh', 'Northern Ireland', -6.654, 54.3503],
  ['Ballymena', 'Northern Ireland', -6.276, 54.863],
  ['Coleraine', 'Northern Ireland', -6.668, 55.133],
  ['Omagh', 'Northern Ireland', -7.3, 54.6],
  ['Enniskillen', 'Northern Ireland', -7.639, 54.344],
  // Mid and west Wales, and the Thames Valley: the demo's children were last seen in these towns (seed/demo-places.ts).
  ['Aberystwyth', 'Wales', -4.0835, 52.415],
  ['Carmarthen', 'Wales', -4.3105, 51.856, ['Caerfyrddin']],
  ['Brecon', 'Wales', -3.3905, 51.9465, ['Aberhonddu']],
  ['Llandrindod Wells', 'Wales', -3.3745, 52.2355, ['Llandrindod']],
  ['Haverfordwest', 'Wales', -4.97, 51.801, ['Hwlffordd']],
  ['Newtown', 'Wales', -3.313, 52.5155, ['Y Drenewydd']],
  ['Oxford', 'Thames Valley', -1.2583, 51.753],
  ['Reading', 'Thames Valley', -0.972, 51.456],
  ['Slough', 'Thames Valley', -0.608, 51.514],
  ['Milton Keynes', 'Thames Valley', -0.756, 52.0435],
  ['High Wycombe', 'Thames Valley', -0.7505, 51.63],
  ['Banbury', 'Thames Valley', -1.3365, 52.0615],
];

export const PLACES: readonly Place[] = ROWS.map(([name, area, lon, lat, aliases]) => ({
  name,
  area,
  lon,
  lat,
  ...(aliases ? { aliases } : {}),
}));

/** Lower case, accents and punctuation gone, single spaces, "Saint" as "St": one rule with the gazetteer. */
export { normalisePlaceName };

/** What a person sees for a place, and what a choice between places sends back: "Newport, Isle of Wight". */
export function placeLabel(place: Place): string {
  return `${place.name}, ${place.area}`;
}

interface IndexedPlace {
  place: Place;
  names: string[];
  label: string;
}

const INDEX: IndexedPlace[] = PLACES.map((place) => ({
  place,
  names: [place.name, ...(place.aliases ?? [])].map(normalisePlaceName),
  label: normalisePlaceName(placeLabel(place)),
}));

export type PlaceMatch = { kind: 'found'; place: Place } | { kind: 'ambiguous'; choices: Place[] } | { kind: 'unknown' };

/** The most choices shown for a short or common prefix. */
export const MAX_CHOICES = 8;

/**
 * Finds a typed place: a whole name, alias or "name, area" label wins; otherwise the names it begins.
 * Several equally good matches ("Newport", "Bangor", "Ban") are choices for the person to pick from.
 */
export function findPlace(typed: string): PlaceMatch {
  const query = normalisePlaceName(typed);
  if (query === '') return { kind: 'unknown' };
  const byLabel = INDEX.filter((entry) => entry.label === query);
  if (byLabel.length === 1) return { kind: 'found', place: byLabel[0]!.place };
  const exact = INDEX.filter((entry) => entry.names.includes(query));
  const candidates =
    exact.length > 0 ? exact : INDEX.filter((entry) => entry.names.some((name) => name.startsWith(query)) || entry.label.startsWith(query));
  if (candidates.length === 0) return { kind: 'unknown' };
  if (candidates.length === 1) return { kind: 'found', place: candidates[0]!.place };
  const choices = candidates.map((entry) => entry.place).sort((a, b) => placeLabel(a).localeCompare(placeLabel(b), 'en'));
  return { kind: 'ambiguous', choices: choices.slice(0, MAX_CHOICES) };
}

/** The gazetteer place nearest a point, for naming a stored cell. */
export function nearestPlace(lon: number, lat: number): Place {
  let best = PLACES[0]!;
  let bestDistance = Infinity;
  const cosLat = Math.cos((lat * Math.PI) / 180);
  for (const place of PLACES) {
    // An equirectangular distance is plenty to rank towns a few tens of kilometres apart.
    const dx = (place.lon - lon) * cosLat;
    const dy = place.lat - lat;
    const distance = dx * dx + dy * dy;
    if (distance < bestDistance) {
      best = place;
      bestDistance = distance;
    }
  }
  return best;
}

/** The place nearest the centre of an H3 cell. */
export function placeNearCell(cell: string): Place {
  const [lat, lon] = cellToLatLng(cell);
  return nearestPlace(lon, lat);
}
