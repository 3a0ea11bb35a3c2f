/** Byte and depth bounds on what one job reads from an external API (see `SYNCD_MAX_*` in the README). */
export interface FetchLimits {
  /** The decoded body of one page. */
  maxPageBytes: number;
  /** One record, as serialized JSON. */
  maxRecordBytes: number;
  /** How deeply one record may nest objects and arrays. */
  maxRecordDepth: number;
}
