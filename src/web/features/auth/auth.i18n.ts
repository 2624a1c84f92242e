import { defineMessages } from '../../i18n/define.ts';

export const auth = defineMessages({
  en: {
    setup: {
      title: 'Welcome to Rapport',
      intro: 'Create the first administrator account to get started.',
      submit: 'Create admin and start',
    },
    login: {
      title: 'Log in to Rapport',
      submit: 'Log in',
      failed: 'E-mail or password is wrong.',
      locked: 'Too many failed attempts. Try again later.',
    },
    fields: {
      email: 'E-mail',
      password: 'Password',
      name: 'Your name',
      passwordHint: 'At least 10 characters',
    },
  },
  fr: {
    setup: {
      title: 'Bienvenue dans Rapport',
      intro: 'Créez le premier compte administrateur pour commencer.',
      submit: 'Créer l’administrateur et démarrer',
    },
    login: {
      title: 'Connexion à Rapport',
      submit: 'Se connecter',
      failed: 'E-mail ou mot de passe incorrect.',
      locked: 'Trop de tentatives échouées. Réessayez plus tard.',
    },
    fields: {
      email: 'E-mail',
      password: 'Mot de passe',
      name: 'Votre nom',
      passwordHint: 'Au moins 10 caractères',
    },
  },
  de: {
    setup: {
      title: 'Willkommen bei Rapport',
      intro: 'Legen Sie das erste Administratorkonto an, um zu beginnen.',
      submit: 'Administrator anlegen und starten',
    },
    login: {
      title: 'Bei Rapport anmelden',
      submit: 'Anmelden',
      failed: 'E-Mail oder Passwort ist falsch.',
      locked: 'Zu viele Fehlversuche. Versuchen Sie es später erneut.',
    },
    fields: {
      email: 'E-Mail',
      password: 'Passwort',
      name: 'Ihr Name',
      passwordHint: 'Mindestens 10 Zeichen',
    },
  },
  da: {
    setup: {
      title: 'Velkommen til Rapport',
      intro: 'Opret den første administratorkonto for at komme i gang.',
      submit: 'Opret administrator og start',
    },
    login: {
      title: 'Log ind i Rapport',
      submit: 'Log ind',
      failed: 'E-mail eller adgangskode er forkert.',
      locked: 'For mange mislykkede forsøg. Prøv igen senere.',
    },
    fields: { email: 'E-mail', password: 'Adgangskode', name: 'Dit navn', passwordHint: 'Mindst 10 tegn' },
  },
});
