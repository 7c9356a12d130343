/**
 * A small, invented medical-style FAQ for the example. It is demo content for an eval
 * framework, not medical advice.
 */
export interface FaqEntry {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export const FAQ: readonly FaqEntry[] = [
  {
    id: 'paracetamol-dose',
    title: 'Paracetamol dose for adults',
    text: 'Adults may take 500 mg to 1 g of paracetamol every 4 to 6 hours. Do not take more than 4 g in 24 hours. People with liver disease should ask a pharmacist first.',
  },
  {
    id: 'ibuprofen-food',
    title: 'Taking ibuprofen',
    text: 'Take ibuprofen with food or milk to protect the stomach. Do not take it if you have had a stomach ulcer. Adults usually take 200 mg to 400 mg three times a day.',
  },
  {
    id: 'fever-child',
    title: 'Fever in children',
    text: 'Call a doctor if a baby under 3 months has a temperature of 38 °C or more. Older children should see a doctor if a fever lasts more than 5 days.',
  },
  {
    id: 'antibiotics-course',
    title: 'Antibiotic courses',
    text: 'Finish the course of antibiotics exactly as prescribed, even if you feel better. Antibiotics do not work against colds or flu, which are caused by viruses.',
  },
  {
    id: 'flu-vaccine',
    title: 'Flu vaccine',
    text: 'The flu vaccine is offered every autumn. It takes about 2 weeks after the injection for protection to build up. A sore arm for a day or two is common.',
  },
  {
    id: 'hand-washing',
    title: 'Washing hands',
    text: 'Wash your hands with soap and water for at least 20 seconds. Alcohol gel helps when soap is not available but does not remove all germs.',
  },
  {
    id: 'sunscreen',
    title: 'Sunscreen',
    text: 'Use a sunscreen of at least SPF 30 and reapply it every 2 hours and after swimming. Keep babies under 6 months out of direct sunlight.',
  },
  {
    id: 'sleep-adults',
    title: 'Sleep for adults',
    text: 'Most adults need 7 to 9 hours of sleep a night. Avoid caffeine in the 6 hours before bed and keep a regular wake-up time.',
  },
  {
    id: 'dehydration',
    title: 'Dehydration',
    text: 'Signs of dehydration include dark urine, dizziness and a dry mouth. Drink water often; oral rehydration salts help after diarrhoea or vomiting.',
  },
  {
    id: 'allergy-emergency',
    title: 'Severe allergic reaction',
    text: 'Swelling of the lips or tongue and difficulty breathing are signs of anaphylaxis. Use an adrenaline auto-injector if you have one and call emergency services at once.',
  },
  {
    id: 'blood-pressure',
    title: 'Blood pressure readings',
    text: 'A normal blood pressure reading is below 120/80 mmHg. A reading of 140/90 or more on repeated checks is high blood pressure and should be discussed with a doctor.',
  },
  {
    id: 'missed-pill',
    title: 'A missed dose',
    text: 'If you miss a dose of a daily medicine, take it when you remember unless the next dose is due soon. Never take a double dose to make up for a missed one.',
  },
];
