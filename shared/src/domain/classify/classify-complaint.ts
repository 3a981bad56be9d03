/**
 * Server-side classification for complaints that arrive without a category (CSV import,
 * e-mail, webhooks). Loads the bundled model synchronously through a static JSON import,
 * decoded once on first use. The client must not import this module: it would put the
 * model into the initial bundle; the client uses `loadClassifierModel()` instead.
 */
import { type Classification, classify } from './classify.ts';
import modelFile from './model.json' with { type: 'json' };
import { type ClassifierModel, decodeModel } from './model.ts';

let cached: ClassifierModel | undefined;

/** The bundled model, decoded on first call and cached for the process. */
export function bundledClassifierModel(): ClassifierModel {
  cached ??= decodeModel(modelFile);
  return cached;
}

/** Classifies a complaint text with the bundled model (category, urgency, subcase, confidence). */
export function classifyComplaint(text: string): Classification {
  return classify(bundledClassifierModel(), text);
}
