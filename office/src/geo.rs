//! Bali's boundaries (`shared/data/*.geojson`, see `docs/data-sources.md`), projected for
//! an SVG map: no tile server, nothing fetched, so the map draws wherever the page does.

use serde_json::Value;

const REGENCIES: &str = include_str!("../../shared/data/bali-regencies.geojson");
const DISTRICTS: &str = include_str!("../../shared/data/bali-districts.geojson");

/// Map units per degree. Bali lies near 8.4° S, where a degree of longitude is 0.989 of
/// one of latitude.
const SCALE: f64 = 1000.0;
const LONGITUDE_FACTOR: f64 = 0.989;

/// One area of a map: its region code, its name and its outline as SVG path data.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub code: String,
    pub name: String,
    pub path: String,
}

/// The areas one level below a region, and the SVG view box that holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub areas: Vec<Area>,
    pub view_box: String,
}

/// The areas directly below `region` that have boundaries: the province's regencies, or
/// a regency's districts. `None` below that (villages have no boundaries here).
pub fn layer_below(region: &str) -> Option<Layer> {
    let depth = region.split('.').count();
    let (source, parent_of) = match depth {
        1 => (REGENCIES, None),
        2 => (DISTRICTS, Some(region)),
        _ => return None,
    };
    let collection: Value = serde_json::from_str(source).ok()?;
    let mut bounds = Bounds::default();
    let areas: Vec<Area> = collection["features"]
        .as_array()?
        .iter()
        .filter(|feature| {
            let code = feature["properties"]["code"].as_str().unwrap_or_default();
            match parent_of {
                None => code.starts_with(&format!("{region}.")),
                Some(parent) => feature["properties"]["regency_code"] == parent,
            }
        })
        .map(|feature| Area {
            code: feature["properties"]["code"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            name: feature["properties"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            path: outline(&feature["geometry"], &mut bounds),
        })
        .collect();
    if areas.is_empty() {
        return None;
    }
    Some(Layer {
        areas,
        view_box: bounds.view_box(),
    })
}

#[derive(Default)]
struct Bounds {
    min: Option<(f64, f64)>,
    max: Option<(f64, f64)>,
}

impl Bounds {
    fn take(&mut self, x: f64, y: f64) {
        let (min_x, min_y) = self.min.unwrap_or((x, y));
        let (max_x, max_y) = self.max.unwrap_or((x, y));
        self.min = Some((min_x.min(x), min_y.min(y)));
        self.max = Some((max_x.max(x), max_y.max(y)));
    }

    /// The box with a small margin around the outlines.
    fn view_box(&self) -> String {
        let ((min_x, min_y), (max_x, max_y)) =
            (self.min.unwrap_or_default(), self.max.unwrap_or_default());
        let margin = ((max_x - min_x).max(max_y - min_y) * 0.02).max(1.0);
        format!(
            "{:.1} {:.1} {:.1} {:.1}",
            min_x - margin,
            min_y - margin,
            max_x - min_x + 2.0 * margin,
            max_y - min_y + 2.0 * margin
        )
    }
}

/// SVG path data of a Polygon or MultiPolygon, each ring closed.
fn outline(geometry: &Value, bounds: &mut Bounds) -> String {
    let polygons: Vec<&Value> = match geometry["type"].as_str() {
        Some("Polygon") => vec![&geometry["coordinates"]],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .map(|list| list.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut path = String::new();
    for ring in polygons
        .into_iter()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_array)
    {
        for (n, point) in ring.iter().filter_map(Value::as_array).enumerate() {
            let (Some(longitude), Some(latitude)) = (
                point.first().and_then(Value::as_f64),
                point.get(1).and_then(Value::as_f64),
            ) else {
                continue;
            };
            let (x, y) = (longitude * SCALE * LONGITUDE_FACTOR, -latitude * SCALE);
            bounds.take(x, y);
            path.push_str(&format!("{}{x:.1},{y:.1}", if n == 0 { "M" } else { "L" }));
        }
        path.push('Z');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_province_has_its_nine_regencies_and_a_regency_its_districts() {
        let province = layer_below("51").expect("regencies");
        assert_eq!(province.areas.len(), 9);
        assert!(
            province
                .areas
                .iter()
                .all(|a| a.path.starts_with('M') && a.path.ends_with('Z'))
        );
        let jembrana = layer_below("51.01").expect("districts");
        assert!(jembrana.areas.iter().all(|a| a.code.starts_with("51.01.")));
        assert_eq!(jembrana.areas.len(), 5);
        assert!(layer_below("51.01.01").is_none());
        assert!(layer_below("52").is_none());
    }
}
