//! A task a button starts: what the field app uses of Leptos's `Action` (pending while it
//! runs), without its machinery, which costs the field bundle several kilobytes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

type Start<I> = Rc<dyn Fn(&I) -> Pin<Box<dyn Future<Output = ()>>>>;

pub struct Task<I: 'static> {
    start: StoredValue<Start<I>, LocalStorage>,
    /// The page's owner: the task reads its context (the router, say) as the page does.
    owner: StoredValue<Option<Owner>, LocalStorage>,
    pending: RwSignal<bool>,
}

/// A future polled under `owner`.
struct UnderOwner {
    owner: Option<Owner>,
    future: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for UnderOwner {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        match &this.owner {
            Some(owner) => owner.with(|| this.future.as_mut().poll(cx)),
            None => this.future.as_mut().poll(cx),
        }
    }
}

impl<I: 'static> Clone for Task<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Task<I> {}

impl<I: 'static> Task<I> {
    pub fn new_local<F, Fut>(start: F) -> Self
    where
        F: Fn(&I) -> Fut + 'static,
        Fut: Future + 'static,
    {
        let start: Start<I> = Rc::new(move |input: &I| {
            let future = start(input);
            Box::pin(async move {
                future.await;
            })
        });
        Task {
            start: StoredValue::new_local(start),
            owner: StoredValue::new_local(Owner::current()),
            pending: RwSignal::new(false),
        }
    }

    /// Starts the task with `input`.
    pub fn dispatch(&self, input: I) {
        let future = UnderOwner {
            owner: self.owner.get_value(),
            future: (self.start.get_value())(&input),
        };
        let pending = self.pending;
        pending.set(true);
        spawn_local(async move {
            future.await;
            pending.set(false);
        });
    }

    /// Whether the task is running.
    pub fn pending(&self) -> ReadSignal<bool> {
        self.pending.read_only()
    }
}
