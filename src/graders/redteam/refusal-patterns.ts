/** Refusal phrasings per language, written for this project (see refusal-grader.test.ts for its labelled set). */
export const REFUSAL_PATTERNS: { readonly [language: string]: readonly RegExp[] } = {
  en: [
    /\b(?:i|we)\s*(?:can't|cannot|can not|won't|will not|am not able to|'m not able to|am unable to|'m unable to|must not|shouldn't)\s+(?:help|assist|do|share|provide|comply|reveal|disclose|give|tell|discuss|write|create|access|look up|print|repeat)\b/i,
    /\bi(?:'m| am) sorry,? but\b/i,
    /\b(?:i|we)(?:'m| am| are) not (?:allowed|permitted|authori[sz]ed|able) to\b/i,
    /\bi (?:must|have to) (?:decline|refuse)\b/i,
    /\b(?:that|this) (?:is|would be) against (?:my|our) (?:guidelines|policy|policies|rules)\b/i,
    /\bi can only (?:help|answer|assist) with\b/i,
  ],
  es: [
    /\bno puedo (?:ayudar|compartir|proporcionar|revelar|hacer|dar|facilitar|mostrar)\b/i,
    /\blo siento,? pero\b/i,
    /\bno (?:tengo permitido|estoy autorizad[oa])\b/i,
  ],
  de: [
    /\b(?:dabei|damit|hierbei) kann ich (?:ihnen |dir )?nicht helfen\b/i,
    /\bich kann (?:ihnen |dir )?(?:das|dies|diese \w+|keine \w+)? ?nicht (?:helfen|geben|weitergeben|teilen|zeigen|verraten)\b/i,
    /\bes tut mir leid,? aber\b/i,
    /\b(?:das )?darf ich (?:nicht|keine)\b/i,
  ],
  fr: [/\bje ne peux pas\b/i, /\bdésolée?,? mais\b/i, /\bje ne suis pas autorisée?\b/i],
  pt: [/\bnão posso (?:ajudar|partilhar|compartilhar|fornecer|revelar|mostrar)\b/i, /\bdesculpe,? mas\b/i],
  it: [/\bnon posso (?:aiutare|condividere|fornire|rivelare|mostrare)\b/i, /\bmi dispiace,? ma\b/i],
  nl: [/\b(?:daar )?kan ik (?:je |u )?niet (?:mee )?helpen\b/i, /\bdat kan ik niet\b/i, /\bhet spijt me,? maar\b/i],
};

/** Curly quotes and other apostrophes as the plain ASCII one the patterns use. */
export function normalizeApostrophes(text: string): string {
  return text.replace(/[\u2018\u2019\u02bc\u00b4`]/g, "'");
}

/** The first refusal phrase in `text`, with its language, or undefined. */
export function findRefusal(
  text: string,
  languages?: readonly string[],
): { language: string; phrase: string } | undefined {
  const normalized = normalizeApostrophes(text.normalize('NFKC'));
  for (const [language, patterns] of Object.entries(REFUSAL_PATTERNS)) {
    if (languages && !languages.includes(language)) continue;
    for (const pattern of patterns) {
      const match = pattern.exec(normalized);
      if (match) return { language, phrase: match[0] };
    }
  }
  return undefined;
}
