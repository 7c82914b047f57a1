//! A force-directed layout (d3-force's model through `fjadra`): links pull
//! their ends together, every node pushes the others away, a collision
//! force keeps nodes apart and a weak pull to the centre keeps loose parts
//! near. The simulation starts from d3's fixed spiral and draws its
//! randomness from a fixed generator, so the same graph is laid out the
//! same way every time.

use fjadra::{Collide, Link, ManyBody, Node, PositionX, PositionY, SimulationBuilder};

/// Where each node goes (in the order given): `radii` holds the room each
/// node needs (its length is the number of nodes), `links` the links
/// between them (`(from, to)` indexes; others are ignored). The
/// coordinates are in the simulation's units, about 30 per link.
pub fn layout(radii: &[f64], links: &[(usize, usize)]) -> Vec<[f64; 2]> {
    let count = radii.len();
    let radii = radii.to_vec();
    if count == 0 {
        return Vec::new();
    }
    let links: Vec<(usize, usize)> = links
        .iter()
        .copied()
        .filter(|&(a, b)| a < count && b < count && a != b)
        .collect();
    let mut simulation = SimulationBuilder::default()
        .build((0..count).map(|_| Node::default()))
        .add_force("link", Link::new(links).distance(30.0))
        .add_force("charge", ManyBody::new().strength(-50.0))
        .add_force("collide", Collide::new().radius(move |i| radii[i]))
        .add_force("x", PositionX::new().strength(0.06))
        .add_force("y", PositionY::new().strength(0.06));
    simulation.step();
    simulation.positions().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_graph_is_laid_out_the_same_way_and_linked_nodes_lie_closer() {
        let links = [(0, 1), (1, 2), (3, 4)];
        let radii = [9.0; 6];
        let first = layout(&radii, &links);
        assert_eq!(first, layout(&radii, &links));
        assert_eq!(first.len(), 6);
        let distance = |a: usize, b: usize| {
            let (p, q) = (first[a], first[b]);
            ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt()
        };
        assert!(distance(0, 1) < distance(0, 4), "{first:?}");
        assert!(first.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        assert!(layout(&[], &[]).is_empty());
        assert_eq!(layout(&[9.0], &[(0, 5)]).len(), 1);
    }
}
