/**
 * Geography for the job list and the desk's visit evidence: distance between two points
 * and links to a maps app. Pure (no I/O).
 */

export type LatLng = { lat: number; lng: number };

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine; plenty for "how far from the shop"). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * `geo:` URI (RFC 5870) that opens the phone's maps app: at the coordinates when known,
 * else a search for the address (`geo:0,0?q=…`, the form Android and iOS maps accept).
 */
export function geoLink(place: {
  location?: LatLng | undefined;
  address?: string | undefined;
}): string | null {
  if (place.location) {
    const { lat, lng } = place.location;
    return `geo:${lat.toFixed(6)},${lng.toFixed(6)}?q=${lat.toFixed(6)},${lng.toFixed(6)}`;
  }
  const q = place.address?.trim();
  return q ? `geo:0,0?q=${encodeURIComponent(q)}` : null;
}

/** A web maps link for the desk (a desktop has no `geo:` handler). */
export function webMapsLink(p: LatLng): string {
  return `https://www.openstreetmap.org/?mlat=${p.lat.toFixed(6)}&mlon=${p.lng.toFixed(6)}#map=18/${p.lat.toFixed(6)}/${p.lng.toFixed(6)}`;
}

/** `tel:` link from a phone number as stored (spaces, dashes and dots dropped). */
export function telLink(phone: string | undefined): string | null {
  const digits = phone?.replace(/[\s().-]/g, '') ?? '';
  return /^\+?\d{5,20}$/.test(digits) ? `tel:${digits}` : null;
}
