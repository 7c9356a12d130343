/** One human label of a trial. */
export interface HumanLabel {
  readonly reviewer: string;
  readonly pass: boolean;
  /** The label, or the score as text: the category for ordinal agreement. */
  readonly category: string;
}

/** A trial that has both a judge score and at least one human label. */
export interface LabelledTrial {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly judge: { readonly pass: boolean; readonly category: string };
  readonly humans: readonly HumanLabel[];
  /**
   * How the trial came to be labelled: the review policy (`imported` for labels given to the
   * grader itself) and, when the policy fixes it, the chance it had of being picked.
   * Policies that pick by the judge's own verdict (`uncertain`, `disagree`) give a biased sample.
   */
  readonly selection?: { readonly policy: string; readonly probability?: number };
}

export interface CalibrationInput {
  readonly grader: string;
  readonly trials: readonly LabelledTrial[];
  /** Every trial the judge scored (labelled or not) in the runs looked at: the judge's own pass rate. */
  readonly judged: { readonly n: number; readonly passes: number };
  readonly alpha?: number;
  /** Fewer labelled trials than this is "too few to conclude" (default 30). */
  readonly minLabels?: number;
  /** Seed for the bootstrap interval of weighted κ. */
  readonly seed?: number;
}

export interface Interval {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
}

/** `assay calibrate --json`. Positive = pass; the reference is the (majority) human label. */
export interface CalibrationReport {
  readonly grader: string;
  /** Labelled trials compared (trials whose human labels tie are left out; see `ties`). */
  readonly n: number;
  readonly accuracy: number;
  readonly kappa: Interval & {
    readonly method: 'cohen' | 'weighted-quadratic';
    readonly interval: 'asymptotic' | 'bootstrap';
  };
  readonly confusion: {
    readonly truePositive: number;
    readonly falsePositive: number;
    readonly falseNegative: number;
    readonly trueNegative: number;
  };
  /** P(judge passes | people pass). */
  readonly sensitivity: number;
  /** P(judge fails | people fail). */
  readonly specificity: number;
  readonly sensitivityInterval: Interval;
  readonly specificityInterval: Interval;
  /** The judge's pass rate over every trial it scored. */
  readonly judgePassRate: number;
  readonly judgePassRateInterval: Interval;
  readonly judgedTrials: number;
  /** Pass rate corrected for the judge's measured error (Rogan–Gladen, delta-method interval). */
  readonly correctedPassRate: Interval;
  readonly humanPassRate: number;
  /** Ordinal or multi-class labels: the full table, rows = people, columns = judge. */
  readonly categories: { readonly labels: readonly string[]; readonly matrix: readonly (readonly number[])[] } | null;
  /** When several people labelled the same trials (nominal on pass/fail, or ordinal). */
  readonly krippendorffAlpha: {
    readonly humans: number;
    readonly humansAndJudge: number;
    readonly raters: number;
    readonly units: number;
  } | null;
  readonly ties: number;
  /** Labelled trials by review policy: used, or left out because the policy picked them by the judge's verdict. */
  readonly selection: {
    readonly used: { readonly [policy: string]: number };
    readonly leftOut: { readonly [policy: string]: number };
    /** True when sensitivity, specificity and the corrected rate weight each label by 1/(its selection probability). */
    readonly weighted?: boolean;
  };
  readonly conclusive: boolean;
  readonly warnings: readonly string[];
}
