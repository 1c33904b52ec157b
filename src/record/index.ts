/** `gateway dev --record`: decided requests written out as `gateway test` cases, credentials as placeholders. */
export { DEFAULT_RECORD_MAX, type Recorder, type RecorderOptions, startRecorder } from './recorder.js';
export { placeholder, recordedCase } from './shape.js';
