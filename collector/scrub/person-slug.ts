/**
 * A person's name as a URL slug after a person keyword (`/leden/jan-de-vries`,
 * `/users/jan`), docs/privacy.md. A slug has no shape that tells a name from
 * a page, so the rule is a list of the static words apps put under such
 * keywords (`/leden/overzicht`, `/members/search`, `/users/me`) plus a shape
 * rule: a lower-case slug of letters, at most five `-` parts, none of them a
 * static word, is a name. Under `account(s)`, the keyword of app settings
 * (`/account/orders`), only a multi-part slug counts, and only when none of its
 * parts is a static word.
 */

const STATIC_WORDS = new Set([
  // English app vocabulary
  'me', 'self', 'current', 'my', 'new', 'add', 'create', 'edit', 'update', 'delete', 'remove', 'list', 'all', 'index',
  'search', 'find', 'filter', 'browse', 'overview', 'summary', 'details', 'detail', 'view', 'show', 'profile', 'profiles',
  'settings', 'preferences', 'account', 'security', 'password', 'privacy', 'notifications', 'billing', 'payments',
  'payment', 'invoices', 'invoice', 'orders', 'order', 'subscriptions', 'subscription', 'plan', 'plans', 'history',
  'activity', 'messages', 'inbox', 'favorites', 'favourites', 'wishlist', 'cart', 'addresses', 'address', 'documents',
  'files', 'photos', 'posts', 'comments', 'followers', 'following', 'friends', 'groups', 'group', 'roles', 'role',
  'permissions', 'team', 'teams', 'admin', 'admins', 'dashboard', 'home', 'help', 'about', 'contact', 'stats',
  'statistics', 'reports', 'report', 'export', 'import', 'invite', 'invites', 'invitations', 'login', 'logout',
  'signin', 'signout', 'signup', 'register', 'registration', 'verify', 'verification', 'confirm', 'reset', 'forgot',
  'recover', 'active', 'inactive', 'pending', 'archived', 'archive', 'blocked', 'banned', 'online', 'top', 'recent',
  'popular', 'directory', 'card', 'cards', 'bulk', 'batch', 'welcome', 'onboarding', 'status', 'feed', 'page', 'pages',
  'staff', 'members', 'users', 'people', 'guests', 'guest', 'anonymous', 'public', 'private', 'api', 'v1', 'v2',
  'avatar', 'picture', 'photo', 'photos', 'email', 'phone', 'close', 'upgrade', 'downgrade', 'connections', 'integrations',
  'apps', 'tokens', 'keys', 'sessions', 'devices', 'language', 'theme', 'appearance', 'membership', 'benefits', 'rewards',
  'points', 'referrals', 'wallet', 'credits', 'support', 'tickets', 'bookings', 'reservations', 'events', 'calendar',
  'schedule', 'tasks', 'projects', 'workspace', 'organization', 'organisation', 'company', 'companies', 'locations',
  'location', 'map', 'nearby', 'compare', 'download', 'upload', 'print', 'share', 'feedback', 'review', 'reviews',
  'ratings', 'likes', 'saved', 'bookmarks', 'lists', 'collections', 'premium', 'pro', 'basic', 'free', 'plus', 'gold',
  'silver', 'bronze', 'vip', 'junior', 'juniors', 'senior', 'seniors', 'honorary', 'board', 'committee', 'volunteers',
  // Dutch app vocabulary
  'mijn', 'nieuw', 'toevoegen', 'aanmaken', 'bewerken', 'wijzigen', 'verwijderen', 'lijst', 'alle', 'overzicht',
  'zoeken', 'zoek', 'gegevens', 'profiel', 'instellingen', 'voorkeuren', 'beveiliging', 'wachtwoord', 'meldingen',
  'betalingen', 'betaling', 'facturen', 'factuur', 'bestellingen', 'bestelling', 'abonnement', 'abonnementen',
  'contributie', 'lidmaatschap', 'geschiedenis', 'berichten', 'documenten', 'groepen', 'rollen', 'beheer', 'agenda',
  'aanmelden', 'afmelden', 'inschrijven', 'uitschrijven', 'opzeggen', 'registreren', 'inloggen', 'uitloggen',
  'uitnodigen', 'uitnodigingen', 'actief', 'inactief', 'nieuwe', 'adres', 'adressen', 'exporteren', 'importeren',
  'welkom', 'leden', 'ledenlijst', 'teams', 'commissies', 'vrijwilligers',
  'foto', 'pasfoto', 'verenigingen', 'evenementen', 'activiteiten', 'wedstrijden', 'trainingen', 'training', 'uitslagen',
  'programma', 'nieuws', 'betalen', 'machtiging', 'incasso', 'declaraties', 'declaratie', 'verjaardagen', 'jarig',
  'jubilarissen', 'ereleden', 'bestuur', 'sponsors', 'kalender', 'rooster', 'taken', 'jeugd', 'veteranen', 'gratis',
]);

const SLUG = /^[\p{Ll}\p{M}]{1,30}(?:[-'][\p{Ll}\p{M}]{1,30}){0,4}$/u;
const ACCOUNT_WORDS = new Set(['account', 'accounts']);

/** True when `segment`, following the person keyword `previous`, is a person's name. */
export const isPersonSlug = (segment: string, previous: string): boolean => {
  if (segment.length < 2 || !SLUG.test(segment)) return false;
  const parts = segment.split(/[-']/);
  if (parts.some((part) => STATIC_WORDS.has(part))) return false;
  return !ACCOUNT_WORDS.has(previous) || parts.length > 1;
};
