const SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Square|Sq|' +
  'Highway|Hwy|Parkway|Pkwy|Circle|Cir|Close|Crescent|Row|Mews|Gardens';
const UNIT = String.raw`(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor)\.? ?#?\w{1,5})?`;
const DIRECTION = String.raw`(?: (?:N|S|E|W|NE|NW|SE|SW)\b)?`;

/**
 * Street addresses in the forms most logs carry:
 * - a house number, up to four capitalised words and a street type: `221B Baker Street`,
 *   `1600 Pennsylvania Ave NW, Suite 200`;
 * - German and Dutch compounds then a number: `Hauptstraße 12`, `Musterstr. 5a`, `Keizersgracht 123`;
 * - French and Spanish: `12 rue de la Paix`, `Calle Mayor 5`.
 * A house number alone or a street name alone is not an address.
 */
export const ADDRESS_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`\b\d{1,5}[A-Za-z]? (?:[A-Z][a-z]+\.? ){1,4}(?:${SUFFIX})\b\.?${DIRECTION}${UNIT}`, 'g'),
  new RegExp(
    String.raw`\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|str\.|weg|gasse|platz|allee|gracht|laan|straat) \d{1,4}[a-z]?\b`,
    'g',
  ),
  new RegExp(
    String.raw`\b\d{1,4},? (?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Bb]d|[Pp]lace|[Cc]hemin|[Aa]llée|[Qq]uai) (?:(?:de|du|des|la|le|l'|d')\s?){0,3}[A-Z][\wéèàç'-]+`,
    'g',
  ),
  new RegExp(
    String.raw`\b(?:Calle|Avenida|Carrer|Via|Viale|Piazza) (?:[A-Z][a-zé]+ ){0,2}[A-Z][a-zé]+,? \d{1,4}\b`,
    'g',
  ),
];
