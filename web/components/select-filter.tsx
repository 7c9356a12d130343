/** A choice: a value shown as itself, or `[value, text]`. */
export type FilterOption = string | readonly [value: string, text: string];

/**
 * One labelled drop-down of a page's filter bar. `any`, when given, is a first choice with the
 * empty value (no filter). The page keeps the state: `onChange` gets the chosen value.
 */
export function SelectFilter(props: {
  readonly label: string;
  readonly name: string;
  readonly value: string | undefined;
  readonly options: readonly FilterOption[];
  readonly any?: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.options.map((option) => {
          const [value, text] = typeof option === 'string' ? [option, option] : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
    </label>
  );
}
