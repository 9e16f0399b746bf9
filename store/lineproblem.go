package store

// LineProblemKind says why a line of a status reply was not recorded: the parser finds most
// (bot/parse), the plan the rest (an unknown or unassigned model); messages words them.
type LineProblemKind int

// Why a line was not recorded.
const (
	// LineNoModel: the line does not start with a model reference (nor is it a shortcut
	// such as "tất cả hoàn thành" or "giữ nguyên").
	LineNoModel LineProblemKind = iota + 1
	// LineBadModelNumber: MH0, MH-3, MH 99999, MH9.5, "MH abc".
	LineBadModelNumber
	// LineNoStatus: a model was found but its status was not understood.
	LineNoStatus
	// LineBadPercent: a percentage above 100, negative or with decimals.
	LineBadPercent
	// LineContradiction: the status disagrees with the percentage ("hoàn thành 40%").
	LineContradiction
	// LineNoteTooLong: the note has more than MaxNoteRunes runes.
	LineNoteTooLong
	// LineDuplicateModel: the model (or the "all" shortcut, Model 0) is mentioned again on
	// a later line; only the last mention counts, so this earlier line is not applied. If
	// the last mention is itself a problem, the model gets no entry at all: the user's
	// final word was not understood.
	LineDuplicateModel
	// LineTooManyLines: more than the parser's MaxLines non-empty lines; this line and the
	// rest of the message were not read.
	LineTooManyLines
	// LineMultipleModels: a model reference stands inside a note and is not a report of
	// its own ("MH9 xong – phối hợp với MH10"); refused so it is not swallowed into the
	// note. Model is the line's first model.
	LineMultipleModels
	// LineUnknownModel: a number the plan does not have (MH19).
	LineUnknownModel
	// LineNotAssigned: a model the unit does not take part in.
	LineNotAssigned
	// LineNotUnitModel: a bare number ("9 ht") that is not one of the unit's models,
	// so it is not read as one. Model is the number.
	LineNotUnitModel
	// LineSuggestion: a near-miss typo ("hoan thnah"); the parser's Suggestion says
	// what it was read as, and the sender is asked.
	LineSuggestion
	// LineAmbiguous: an unclear split ("MH9 xong MH10": is MH10 done too?).
	LineAmbiguous
	// LineNeedsNote: a Vướng mắc without a description.
	LineNeedsNote
	// LineBadValue: a number against an indicator the plan cannot take (a ValueProblem:
	// negative, above a capped target, the wrong unit of measure …).
	LineBadValue
)

var lineProblemNames = [...]string{"", "NoModel", "BadModelNumber", "NoStatus", "BadPercent",
	"Contradiction", "NoteTooLong", "DuplicateModel", "TooManyLines", "MultipleModels",
	"UnknownModel", "NotAssigned", "NotUnitModel", "Suggestion", "Ambiguous", "NeedsNote", "BadValue"}

func (k LineProblemKind) String() string {
	if k > 0 && int(k) < len(lineProblemNames) {
		return lineProblemNames[k]
	}
	return "ProblemKind(?)"
}
