/** Type OIDs of the built-in PostgreSQL types this package decodes (pg_type.oid, stable across versions). */
export const oid = {
  bool: 16,
  bytea: 17,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  numeric: 1700,
  uuid: 2950,
  jsonb: 3802,
} as const;

export type ScalarOid = (typeof oid)[keyof typeof oid];

/** Array type OID → element type OID, for the arrays of the types above. */
export const arrayElementOid: ReadonlyMap<number, ScalarOid> = new Map<number, ScalarOid>([
  [1000, oid.bool],
  [1001, oid.bytea],
  [1003, oid.name],
  [1016, oid.int8],
  [1005, oid.int2],
  [1007, oid.int4],
  [1009, oid.text],
  [1028, oid.oid],
  [199, oid.json],
  [1021, oid.float4],
  [1022, oid.float8],
  [1014, oid.bpchar],
  [1015, oid.varchar],
  [1182, oid.date],
  [1115, oid.timestamp],
  [1185, oid.timestamptz],
  [1231, oid.numeric],
  [2951, oid.uuid],
  [3807, oid.jsonb],
]);
