//! What the server counts for Prometheus (`/metrics`): requests by route,
//! method and status, their latency, the time a snapshot reload takes, and
//! the database pool.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Arc;

/// The labels of a request count.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route's pattern, e.g. `/initiatieven/{id}` (`unmatched` for none).
    pub route: &'static str,
    /// GET, POST, ...
    pub method: &'static str,
    /// The answer's status code.
    pub status: u16,
}

/// The labels of a latency observation.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The route's pattern.
    pub route: &'static str,
}

/// The route patterns seen, each kept once for the life of the process
/// (there are as many as the router has routes), so that counting a
/// request allocates nothing.
static ROUTES: std::sync::LazyLock<std::sync::RwLock<std::collections::HashSet<&'static str>>> =
    std::sync::LazyLock::new(Default::default);

/// `route` as a string that lives as long as the process.
fn interned(route: &str) -> &'static str {
    if let Some(r) = ROUTES.read().expect("routes").get(route) {
        return r;
    }
    let mut routes = ROUTES.write().expect("routes");
    if let Some(r) = routes.get(route) {
        return r;
    }
    let leaked: &'static str = Box::leak(route.to_owned().into_boxed_str());
    routes.insert(leaked);
    leaked
}

/// A method's name as a static string (others are counted as `other`).
fn method_name(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

type HistogramMaker = fn() -> Histogram;

fn latency_histogram() -> Histogram {
    // 0.5 ms .. about 16 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// The server's metrics; cheap to clone (shared counters).
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    /// Requests answered.
    pub requests: Family<RequestLabels, Counter>,
    /// How long requests took until their answer's head, in seconds.
    pub latency: Family<RouteLabels, Histogram, HistogramMaker>,
    /// How long reading a new snapshot of the dataset took, in seconds.
    pub snapshot_reload: Histogram,
    /// The revision of the dataset the snapshot holds.
    pub snapshot_revision: Gauge,
    /// Connections in the database pool.
    pub pool_connections: Gauge,
    /// Idle connections in the database pool.
    pub pool_idle: Gauge,
    /// Published portrait pages served (counted in the handler: that route
    /// passes no metrics layer, see `lib.rs`).
    pub public_portraits: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram, HistogramMaker>::new_with_constructor(
            latency_histogram as HistogramMaker,
        );
        let snapshot_reload = Histogram::new(exponential_buckets(0.001, 2.0, 14));
        let snapshot_revision = Gauge::default();
        let pool_connections = Gauge::default();
        let pool_idle = Gauge::default();
        let public_portraits = Counter::default();
        let mut registry = Registry::with_prefix("uti");
        registry.register(
            "http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time until the answer's head, by route",
            latency.clone(),
        );
        registry.register(
            "snapshot_reload_duration_seconds",
            "Time to read and analyse a new revision of the dataset",
            snapshot_reload.clone(),
        );
        registry.register(
            "snapshot_revision",
            "Revision of the dataset held in memory",
            snapshot_revision.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Open connections in the database pool",
            pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Idle connections in the database pool",
            pool_idle.clone(),
        );
        registry.register(
            "public_portrait_pages",
            "Published portrait pages served",
            public_portraits.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            requests,
            latency,
            snapshot_reload,
            snapshot_revision,
            pool_connections,
            pool_idle,
            public_portraits,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn observe(&self, route: &str, method: &axum::http::Method, status: u16, seconds: f64) {
        let route = interned(route);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method: method_name(method),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels { route })
            .observe(seconds);
    }

    /// The metrics in Prometheus' text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}
