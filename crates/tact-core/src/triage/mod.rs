//! Triage of a customer's message: sentiment, emotions, whether it is a complaint, its
//! category, urgency and likely situation, the facts it states, and what the reply needs.

pub mod vader;
