/** A text field's value from a form's data; '' when absent (or, impossibly for a text field, a file). */
export function formText(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}
