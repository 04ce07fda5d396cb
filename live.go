package praxis

// ThreadEvents wakes whoever follows a thread live (an open thread page)
// when the thread changes, so that they look again at once instead of at
// their next poll. A wake-up carries no data, may come for nothing and may
// be lost: readers still read through the ConversationService with their
// own permissions, and keep polling as a fallback.
type ThreadEvents interface {
	// Subscribe returns a channel that receives a value after the thread
	// changes (several changes may come as one value) and a function that
	// ends the subscription.
	Subscribe(threadID int64) (<-chan struct{}, func())
}
