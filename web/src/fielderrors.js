// fielderrors.js — turns an API refusal into a message at the form field it names (the API's
// error carries "field"), or a message for the whole form when it names none the form has.
import { reactive } from 'vue';

/** A { field: message } map with show(e, fields) / clear(); show returns the form-level text. */
export function useFieldErrors() {
  const errors = reactive({});
  return {
    errors,
    clear() { for (const k of Object.keys(errors)) delete errors[k]; },
    show(e, fields) {
      for (const k of Object.keys(errors)) delete errors[k];
      const f = e.field && fields.find((x) => x === e.field || e.field.startsWith(x + '.') || e.field.startsWith(x + '['));
      if (f) { errors[f] = e.message; return ''; }
      return e.message;
    },
  };
}
