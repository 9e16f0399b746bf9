// Package workgroup holds the working group's rules: who may do what, what a reply means,
// who is late, and what a cycle's state is. It takes plain values and the store's
// transaction and returns outcomes; it knows nothing of Telegram and holds no message
// text. Every view (chat summaries, reminders, files) renders from its CycleState.
package workgroup
