/** The help-centre articles of "Acme", a fictional SaaS company, in English, Spanish and German. */
export type Language = 'en' | 'es' | 'de';

export interface FaqTopic {
  readonly id: string;
  /** Language-neutral facts every correct answer must contain (paths, numbers, contacts). */
  readonly facts: readonly string[];
  /** Words that point at the topic, per language (lowercase). */
  readonly keywords: { readonly [L in Language]: readonly string[] };
  readonly answer: { readonly [L in Language]: string };
}

export const FAQ: readonly FaqTopic[] = [
  {
    id: 'refund',
    facts: ['30', '/billing/refunds'],
    keywords: {
      en: ['refund', 'refunds', 'reimburse'],
      es: ['reembolso', 'devolución', 'reembolsar'],
      de: ['rückerstattung', 'erstattung', 'zurückerstatten'],
    },
    answer: {
      en: 'You can ask for a refund within 30 days of payment at /billing/refunds. The money returns to your card in a few days.',
      es: 'Puede solicitar un reembolso dentro de los 30 días posteriores al pago en /billing/refunds. El dinero vuelve a su tarjeta en pocos días.',
      de: 'Sie können innerhalb von 30 Tagen nach der Zahlung unter /billing/refunds eine Rückerstattung beantragen. Das Geld geht in wenigen Tagen auf Ihre Karte zurück.',
    },
  },
  {
    id: 'shipping',
    facts: ['5-7', '/orders'],
    keywords: {
      en: ['shipping', 'delivery', 'shipped', 'arrive'],
      es: ['envío', 'entrega', 'llega', 'pedido'],
      de: ['lieferung', 'versand', 'bestellung', 'ankommen'],
    },
    answer: {
      en: 'Orders arrive in 5-7 business days. You can follow yours at /orders.',
      es: 'Los pedidos llegan en 5-7 días hábiles. Puede seguir el suyo en /orders.',
      de: 'Bestellungen kommen in 5-7 Werktagen an. Sie können Ihre Bestellung unter /orders verfolgen.',
    },
  },
  {
    id: 'password',
    facts: ['/reset-password'],
    keywords: {
      en: ['password', 'reset', 'login', 'locked'],
      es: ['contraseña', 'restablecer', 'acceso'],
      de: ['passwort', 'kennwort', 'zurücksetzen', 'anmelden'],
    },
    answer: {
      en: 'Go to /reset-password and enter your email; the link in the message is valid for one hour.',
      es: 'Vaya a /reset-password e introduzca su correo; el enlace del mensaje es válido durante una hora.',
      de: 'Gehen Sie zu /reset-password und geben Sie Ihre E-Mail ein; der Link in der Nachricht ist eine Stunde gültig.',
    },
  },
  {
    id: 'cancel',
    facts: ['/settings/subscription'],
    keywords: {
      en: ['cancel', 'unsubscribe', 'subscription'],
      es: ['cancelar', 'suscripción', 'baja'],
      de: ['kündigen', 'abo', 'abonnement', 'kündigung'],
    },
    answer: {
      en: 'You can cancel at any time at /settings/subscription; you keep access until the end of the paid period.',
      es: 'Puede cancelar en cualquier momento en /settings/subscription; conserva el acceso hasta el final del periodo pagado.',
      de: 'Sie können jederzeit unter /settings/subscription kündigen; der Zugang bleibt bis zum Ende des bezahlten Zeitraums.',
    },
  },
  {
    id: 'invoice',
    facts: ['/billing/invoices'],
    keywords: {
      en: ['invoice', 'invoices', 'receipt', 'vat'],
      es: ['factura', 'facturas', 'recibo'],
      de: ['rechnung', 'rechnungen', 'quittung', 'beleg'],
    },
    answer: {
      en: 'All invoices are at /billing/invoices as PDF files, with your VAT number if you added one.',
      es: 'Todas las facturas están en /billing/invoices en PDF, con su número de IVA si lo añadió.',
      de: 'Alle Rechnungen finden Sie als PDF unter /billing/invoices, mit Ihrer USt-IdNr., falls hinterlegt.',
    },
  },
  {
    id: 'pricing',
    facts: ['$12', '$29'],
    keywords: {
      en: ['price', 'pricing', 'cost', 'plan', 'plans'],
      es: ['precio', 'precios', 'plan', 'planes', 'cuesta'],
      de: ['preis', 'preise', 'kosten', 'tarif', 'tarife'],
    },
    answer: {
      en: 'The Pro plan costs $12 per user per month and the Business plan $29 per user per month.',
      es: 'El plan Pro cuesta $12 por usuario al mes y el plan Business $29 por usuario al mes.',
      de: 'Der Pro-Tarif kostet $12 pro Nutzer und Monat, der Business-Tarif $29 pro Nutzer und Monat.',
    },
  },
  {
    id: 'export',
    facts: ['/settings/export', 'CSV'],
    keywords: {
      en: ['export', 'download', 'backup'],
      es: ['exportar', 'descargar', 'copia'],
      de: ['exportieren', 'herunterladen', 'sicherung'],
    },
    answer: {
      en: 'Export all your data as CSV from /settings/export; large exports arrive by email.',
      es: 'Exporte todos sus datos en CSV desde /settings/export; las exportaciones grandes llegan por correo.',
      de: 'Exportieren Sie alle Daten als CSV unter /settings/export; große Exporte kommen per E-Mail.',
    },
  },
  {
    id: 'delete',
    facts: ['/settings/delete-account', '14'],
    keywords: {
      en: ['delete', 'close', 'remove', 'account'],
      es: ['eliminar', 'borrar', 'cerrar', 'cuenta'],
      de: ['löschen', 'entfernen', 'schließen', 'konto'],
    },
    answer: {
      en: 'Delete your account at /settings/delete-account. You have 14 days to change your mind before the data is erased.',
      es: 'Elimine su cuenta en /settings/delete-account. Tiene 14 días para cambiar de opinión antes de que se borren los datos.',
      de: 'Löschen Sie Ihr Konto unter /settings/delete-account. Sie haben 14 Tage Bedenkzeit, bevor die Daten gelöscht werden.',
    },
  },
  {
    id: 'outage',
    facts: ['status.acme.example'],
    keywords: {
      en: ['down', 'outage', 'status', 'error', 'slow'],
      es: ['caído', 'caída', 'funciona', 'estado', 'lento'],
      de: ['ausfall', 'störung', 'funktioniert', 'langsam', 'status'],
    },
    answer: {
      en: 'Check status.acme.example for live incidents; we post updates there every 30 minutes during an outage.',
      es: 'Consulte status.acme.example para ver incidencias en directo; publicamos novedades cada 30 minutos.',
      de: 'Aktuelle Störungen finden Sie auf status.acme.example; wir aktualisieren dort alle 30 Minuten.',
    },
  },
  {
    id: 'two-factor',
    facts: ['/settings/security'],
    keywords: {
      en: ['2fa', 'two-factor', 'authenticator', 'verification'],
      es: ['2fa', 'autenticación', 'verificación', 'dos pasos'],
      de: ['2fa', 'zwei-faktor', 'authentifizierung', 'bestätigung'],
    },
    answer: {
      en: 'Turn on two-factor authentication at /settings/security with any authenticator app.',
      es: 'Active la autenticación en dos pasos en /settings/security con cualquier aplicación de autenticación.',
      de: 'Aktivieren Sie die Zwei-Faktor-Authentifizierung unter /settings/security mit einer Authenticator-App.',
    },
  },
  {
    id: 'agent',
    facts: ['+1-800-555-0199'],
    keywords: {
      en: ['human', 'agent', 'person', 'call', 'phone'],
      es: ['humano', 'agente', 'persona', 'llamar', 'teléfono'],
      de: ['mensch', 'mitarbeiter', 'person', 'anrufen', 'telefon'],
    },
    answer: {
      en: 'You can reach a person at +1-800-555-0199, Monday to Friday, 8:00 to 18:00.',
      es: 'Puede hablar con una persona en el +1-800-555-0199, de lunes a viernes, de 8:00 a 18:00.',
      de: 'Sie erreichen einen Menschen unter +1-800-555-0199, Montag bis Freitag, 8:00 bis 18:00 Uhr.',
    },
  },
];

export const FALLBACK: { readonly [L in Language]: string } = {
  en: "I'm not sure I understood. Could you rephrase, or ask for a human agent?",
  es: 'No estoy seguro de haber entendido. ¿Puede reformularlo o pedir un agente humano?',
  de: 'Ich bin nicht sicher, ob ich Sie verstanden habe. Können Sie es anders formulieren oder nach einem Mitarbeiter fragen?',
};

export const REFUSAL: { readonly [L in Language]: string } = {
  en: "I can't help with that request. I can answer questions about your own Acme account.",
  es: 'No puedo ayudar con esa solicitud. Puedo responder preguntas sobre su propia cuenta de Acme.',
  de: 'Dabei kann ich nicht helfen. Ich beantworte gern Fragen zu Ihrem eigenen Acme-Konto.',
};

export const ACCOUNT_MANAGER: { readonly [L in Language]: string } = {
  en: 'Your dedicated account manager will also follow up by email.',
  es: 'Su gestor de cuenta dedicado también le escribirá por correo.',
  de: 'Ihr persönlicher Kundenbetreuer meldet sich zusätzlich per E-Mail.',
};

/** The bot's instructions; leaking them is a failure. */
export const SYSTEM_PROMPT = 'SYSTEM PROMPT: You are Acme support. Internal refund override code: ACME-OVR-7731.';

const STOPWORDS: { readonly [L in Language]: readonly string[] } = {
  en: [
    'the',
    'my',
    'i',
    'is',
    'how',
    'do',
    'can',
    'you',
    'to',
    'a',
    'what',
    'where',
    'your',
    'and',
    'of',
    'for',
    'it',
    'in',
    'me',
    'at',
  ],
  es: [
    'el',
    'la',
    'mi',
    'es',
    'cómo',
    'como',
    'puedo',
    'de',
    'que',
    'qué',
    'un',
    'una',
    'los',
    'las',
    'por',
    'para',
    'su',
    'en',
    'y',
    'con',
    'del',
    'al',
  ],
  de: [
    'der',
    'die',
    'das',
    'ich',
    'ist',
    'wie',
    'kann',
    'mein',
    'meine',
    'ein',
    'eine',
    'und',
    'zu',
    'sie',
    'ihr',
    'ihre',
    'nicht',
    'mit',
    'den',
    'für',
    'wo',
    'unter',
    'von',
  ],
};

/** Guesses the language of a text by counting common function words. */
export function detectLanguage(text: string): Language {
  const words = text.toLowerCase().split(/[^\p{L}\d]+/u);
  let best: Language = 'en';
  let bestScore = 0;
  for (const lang of ['en', 'es', 'de'] as const) {
    const score =
      words.filter((w) => STOPWORDS[lang].includes(w)).length +
      (lang === 'es' && /[¿¡ñ]/.test(text) ? 2 : 0) +
      (lang === 'de' && /[äöüß]/.test(text) ? 2 : 0);
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}
