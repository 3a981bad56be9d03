// The scanner's own strings, so the lazily loaded scanner chunk carries its texts and the app's
// catalogue (client/src/i18n) stays small. Bahasa Indonesia first; English must match its keys.
import type { CameraErrorCode } from './camera.ts';

export type ScanLanguage = 'id' | 'en';

const id = {
  title: 'Pindai nomor seri',
  starting: 'Menyalakan kamera…',
  loadingDecoder: 'Menyiapkan pemindai…',
  aim: 'Arahkan kotak ke barcode nomor seri (S/N)',
  hold: 'Tahan sebentar…',
  notKnown: 'Nomor seri {serial} tidak ada di daftar perangkat. Periksa stikernya atau ketik manual.',
  torchOn: 'Nyalakan senter',
  torchOff: 'Matikan senter',
  cancel: 'Batal',
  manualHint: 'Anda tetap bisa mengetik nomor seri, SAM, SIM atau TID secara manual.',
  retry: 'Coba lagi',
  decoderFailed: 'Pemindai tidak dapat dimuat: {reason}',
  'error.insecure-context': 'Kamera hanya bisa dipakai lewat koneksi aman (https).',
  'error.no-api': 'Browser ini tidak mendukung akses kamera.',
  'error.permission-denied': 'Izin kamera ditolak. Izinkan kamera di pengaturan browser untuk memindai.',
  'error.no-camera': 'Tidak ada kamera yang ditemukan di perangkat ini.',
  'error.camera-busy': 'Kamera sedang dipakai aplikasi lain. Tutup aplikasi itu lalu coba lagi.',
  'error.unknown': 'Kamera tidak dapat dibuka.',
} satisfies Record<string, string> & Record<`error.${CameraErrorCode}`, string>;

export type ScanMessageKey = keyof typeof id;

const en: Record<ScanMessageKey, string> = {
  title: 'Scan serial number',
  starting: 'Starting camera…',
  loadingDecoder: 'Preparing scanner…',
  aim: 'Point the box at the serial number (S/N) barcode',
  hold: 'Hold still…',
  notKnown: 'Serial {serial} is not in the device list. Check the sticker or type it manually.',
  torchOn: 'Turn torch on',
  torchOff: 'Turn torch off',
  cancel: 'Cancel',
  manualHint: 'You can still type the serial, SAM, SIM or TID number manually.',
  retry: 'Try again',
  decoderFailed: 'The scanner could not load: {reason}',
  'error.insecure-context': 'The camera only works over a secure connection (https).',
  'error.no-api': 'This browser does not support camera access.',
  'error.permission-denied':
    'Camera permission was denied. Allow the camera in the browser settings to scan.',
  'error.no-camera': 'No camera was found on this device.',
  'error.camera-busy': 'The camera is in use by another app. Close it and try again.',
  'error.unknown': 'The camera could not be opened.',
};

const catalogues: Record<ScanLanguage, Record<ScanMessageKey, string>> = { id, en };

export function scanMessage(
  language: ScanLanguage,
  key: ScanMessageKey,
  params?: Record<string, string>,
): string {
  const template = catalogues[language][key];
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole) : template;
}
