// coopfields.js — the fields of the cooperation records' create/edit forms (RecordForm specs),
// as the API's MeetingCreate, ExchangeCreate and PlatformCreate name them.

export const MEETING_FIELDS = [
  { key: 'pairing', type: 'pairing', required: true },
  { key: 'kind', type: 'select', options: ['consultation', 'forum', 'matchmaking', 'signing', 'other'], required: true },
  { key: 'title', required: true },
  { key: 'meeting_date', type: 'date', required: true },
  { key: 'place' },
  { key: 'summary', type: 'textarea' },
  { key: 'attendees', type: 'attendees' },
  { key: 'decisions', type: 'lines' },
  { key: 'project_ids', type: 'ids' },
];

export const EXCHANGE_FIELDS = [
  { key: 'pairing', type: 'pairing', required: true },
  { key: 'person', required: true },
  { key: 'kind', type: 'select', options: ['secondment', 'training', 'visit'], required: true },
  { key: 'from_side', type: 'select', options: ['host', 'partner'], required: true },
  { key: 'from_unit', required: true },
  { key: 'to_unit', required: true },
  { key: 'start_date', type: 'date', required: true },
  { key: 'end_date', type: 'date' },
  { key: 'note', type: 'textarea' },
];

export const PLATFORM_FIELDS = [
  { key: 'pairing', type: 'pairing', required: true },
  { key: 'name', required: true },
  { key: 'kind', type: 'select', options: ['park', 'zone', 'innovation', 'other'], required: true },
  { key: 'host_region', required: true },
  { key: 'area' },
  { key: 'partner' },
  { key: 'opening_date', type: 'date' },
  { key: 'note', type: 'textarea' },
];
