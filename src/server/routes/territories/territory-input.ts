// A path {ref} must be a reference (com:31555, per:slug, fr): free text is for GET /territories?q=.
import { looksLikeRef, parseRef, formatRef } from '../../../core/territory/territory-ref.js';
import { httpError, unwrap } from '../../http-error.js';

export const requireRef = (text: string): string => {
  if (!looksLikeRef(text)) {
    throw httpError('REFERENCE_INVALIDE', `« ${text} » n'est pas une référence de territoire (com:31555, epci:…, dep:31, reg:76, fr, per:…) ; pour chercher par nom : GET /api/v1/territories?q=${encodeURIComponent(text)}`);
  }
  return formatRef(unwrap(parseRef(text)));
};
