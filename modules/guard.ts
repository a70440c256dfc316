// The redirect-page guard as a script of its own: load it before hello.js on the OAuth redirect page.
import { guardRedirectPage } from './redirect-guard.ts';

guardRedirectPage();
