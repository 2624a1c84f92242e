import type { UiLanguage } from '../../../shared/common.ts';

/** What the public pages and the opt-in mail say, in the visitor's language. */
export const publicTexts: Record<
  UiLanguage,
  {
    thanks: string;
    thanksTitle: string;
    optInSubject: string;
    optInBody: (name: string, link: string, consent: string) => string;
    confirmedTitle: string;
    confirmed: string;
    alreadyConfirmed: string;
    unknownTitle: string;
    unknown: string;
    invalidTitle: string;
    back: string;
  }
> = {
  en: {
    thanksTitle: 'Thank you',
    thanks: 'Thank you — we have received your message and will be in touch soon.',
    optInSubject: 'Please confirm your subscription',
    optInBody: (name, link, consent) =>
      `Hello${name ? ` ${name}` : ''},\n\nyou agreed to the following:\n\n“${consent}”\n\nPlease confirm by opening this link:\n${link}\n\nIf this was not you, ignore this message and nothing will happen.`,
    confirmedTitle: 'Confirmed',
    confirmed: 'Thank you — your consent is confirmed.',
    alreadyConfirmed: 'Your consent was already confirmed. Nothing more to do.',
    unknownTitle: 'Link not found',
    unknown: 'This confirmation link is unknown or no longer valid.',
    invalidTitle: 'Please check the form',
    back: 'Back to the form',
  },
  fr: {
    thanksTitle: 'Merci',
    thanks: 'Merci — nous avons bien reçu votre message et vous recontacterons rapidement.',
    optInSubject: 'Merci de confirmer votre inscription',
    optInBody: (name, link, consent) =>
      `Bonjour${name ? ` ${name}` : ''},\n\nvous avez accepté ceci :\n\n« ${consent} »\n\nMerci de confirmer en ouvrant ce lien :\n${link}\n\nSi ce n’était pas vous, ignorez ce message : rien ne se passera.`,
    confirmedTitle: 'Confirmé',
    confirmed: 'Merci — votre consentement est confirmé.',
    alreadyConfirmed: 'Votre consentement était déjà confirmé. Il n’y a rien d’autre à faire.',
    unknownTitle: 'Lien introuvable',
    unknown: 'Ce lien de confirmation est inconnu ou n’est plus valable.',
    invalidTitle: 'Merci de vérifier le formulaire',
    back: 'Retour au formulaire',
  },
  de: {
    thanksTitle: 'Vielen Dank',
    thanks: 'Vielen Dank — wir haben Ihre Nachricht erhalten und melden uns bald.',
    optInSubject: 'Bitte bestätigen Sie Ihre Anmeldung',
    optInBody: (name, link, consent) =>
      `Hallo${name ? ` ${name}` : ''},\n\nSie haben Folgendem zugestimmt:\n\n„${consent}“\n\nBitte bestätigen Sie über diesen Link:\n${link}\n\nWaren Sie das nicht, ignorieren Sie diese Nachricht; es passiert nichts.`,
    confirmedTitle: 'Bestätigt',
    confirmed: 'Vielen Dank — Ihre Einwilligung ist bestätigt.',
    alreadyConfirmed: 'Ihre Einwilligung war bereits bestätigt. Es ist nichts weiter zu tun.',
    unknownTitle: 'Link nicht gefunden',
    unknown: 'Dieser Bestätigungslink ist unbekannt oder nicht mehr gültig.',
    invalidTitle: 'Bitte prüfen Sie das Formular',
    back: 'Zurück zum Formular',
  },
  da: {
    thanksTitle: 'Tak',
    thanks: 'Tak — vi har modtaget din besked og vender snart tilbage.',
    optInSubject: 'Bekræft venligst din tilmelding',
    optInBody: (name, link, consent) =>
      `Hej${name ? ` ${name}` : ''},\n\ndu har givet samtykke til følgende:\n\n»${consent}«\n\nBekræft venligst ved at åbne dette link:\n${link}\n\nHvis det ikke var dig, så ignorer denne besked; der sker ingenting.`,
    confirmedTitle: 'Bekræftet',
    confirmed: 'Tak — dit samtykke er bekræftet.',
    alreadyConfirmed: 'Dit samtykke var allerede bekræftet. Der er ikke mere at gøre.',
    unknownTitle: 'Linket findes ikke',
    unknown: 'Dette bekræftelseslink er ukendt eller ikke længere gyldigt.',
    invalidTitle: 'Tjek venligst formularen',
    back: 'Tilbage til formularen',
  },
};

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => escapes[c]!);

/** A small, self-contained page (no scripts; the app's CSP allows inline styles). */
export function simplePage(
  lang: UiLanguage,
  title: string,
  body: string[],
  link?: { href: string; text: string },
) {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2937;line-height:1.5}h1{font-size:1.5rem}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>${body.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${
    link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>` : ''
  }</main></body></html>`;
}

/** The visitor's language: the one asked for, else the browser's first supported one, else the form's. */
export function pickLanguage(
  asked: string | undefined,
  acceptLanguage: string | undefined,
  fallback: string,
): UiLanguage {
  const ok = (l: string | undefined): l is UiLanguage => l === 'en' || l === 'fr' || l === 'de' || l === 'da';
  if (ok(asked)) return asked;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const l = part.trim().slice(0, 2).toLowerCase();
    if (ok(l)) return l;
  }
  return ok(fallback) ? fallback : 'en';
}
